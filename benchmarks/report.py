#!/usr/bin/env python3
"""Ratio table from one run's JMH JSON (and the custom measurements' JSON) in a results folder.

Usage: python3 benchmarks/report.py [benchmarks/results/jdk17]

Every ratio is score / score of SUBMIT_ALL (alternative (1)) for the same workload and parameters,
all from the files of the one folder (one run of run.sh). For time scores lower is better, so a
ratio below 1 beats the baseline. Writes report.md beside the JSON and prints it.
"""
import json
import math
import pathlib
import sys

BASELINE = "SUBMIT_ALL"
ORDER = [
    "STREAM_EXECUTOR",
    "STREAM_EXECUTOR_CHUNKED",
    "STREAM_EXECUTOR_ADAPTIVE",
    "SUBMIT_ALL",
    "INVOKE_ALL",
    "COMPLETABLE_FUTURE",
    "REACTOR",
    "PARALLEL_COLLECTORS",
    "PARALLEL_COLLECTORS_BATCHING",
    "MAP_CONCURRENT",
    "SEQUENTIAL",
]
SHORT = {
    "STREAM_EXECUTOR": "ours",
    "STREAM_EXECUTOR_CHUNKED": "ours chunk 256",
    "STREAM_EXECUTOR_ADAPTIVE": "ours adaptive",
    "SUBMIT_ALL": "(1) submit+get",
    "INVOKE_ALL": "(1) invokeAll",
    "COMPLETABLE_FUTURE": "(2) CF",
    "REACTOR": "(3) Reactor",
    "PARALLEL_COLLECTORS": "(4) p-c",
    "PARALLEL_COLLECTORS_BATCHING": "(4) p-c batch",
    "MAP_CONCURRENT": "(5) mapConc.",
    "SEQUENTIAL": "(6) seq.",
}
# Issue 10's targets for the feeder redesign: W5 per-map time of ours / (1), W7 threads held.
W5_TARGET_RATIO = 1.5
W7_POOL_SIZE = 4
W7_THREAD_ALLOWANCE = 16
# Ideal times (ms) that are known in advance; W2's ideal is measured (BlockingWorkIdeal).
W3_IDEAL_MS = {"1": 12.0, "10": 30.0}


def workload_label(bench, params):
    cls, method = bench.split(".")[-2:]
    rest = {k: v for k, v in params.items() if k != "alternative"}
    if cls == "TrivialWork":
        return f"W1 trivial, {rest['inputs']} inputs, pool {rest['poolSize']}"
    if cls == "BlockingWork":
        return f"W2 blocking 1 ms, {rest['inputs']} inputs, pool {rest['poolSize']}"
    if cls == "SlowProducer":
        return f"W3 slow producer, time to first {rest['first']}"
    if cls == "ManyMaps":
        how = "back to back" if method == "oneAtATime" else "16 concurrent"
        return f"W5 maps of {rest['inputs']}, {how} (per map)"
    return f"{cls}.{method} {rest}"


def load(folder):
    jmh, custom = [], []
    for path in sorted(folder.glob("*.json")):
        data = json.loads(path.read_text())
        if isinstance(data, list):
            jmh.extend(data)
        elif isinstance(data, dict) and "rows" in data:
            custom.append(data)
    return jmh, custom


def scores(jmh):
    """{workload: {alternative: (score, error, unit, alloc bytes/op or None)}}, plus ideals."""
    table, ideals, jvms = {}, {}, set()
    for run in jmh:
        jvms.add(f"{run.get('jvmName', '')} {run.get('jdkVersion', '')}".strip())
        params = run.get("params", {})
        metric = run["primaryMetric"]
        alloc = run.get("secondaryMetrics", {}).get("gc.alloc.rate.norm", {}).get("score")
        if run["benchmark"].endswith("BlockingWorkIdeal.sleeps"):
            ideals[workload_label("x.BlockingWork.map", params)] = metric["score"]
            continue
        label = workload_label(run["benchmark"], params)
        if "first" in params:
            ideals[label] = W3_IDEAL_MS[params["first"]]
        table.setdefault(label, {})[params.get("alternative", "?")] = (
            metric["score"],
            metric.get("scoreError"),
            metric["scoreUnit"],
            alloc,
        )
    return table, ideals, jvms


def fmt_ratio(value):
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    return f"{value:.2f}x" if value < 100 else f"{value:.0f}x"


def ratio_table(table, ideals):
    present = [a for a in ORDER if any(a in row for row in table.values())]
    lines = [
        "| workload | (1) score | " + " | ".join(SHORT[a] for a in present) + " | (1) / ideal |",
        "|---|---|" + "---|" * len(present) + "---|",
    ]
    for label in sorted(table):
        row = table[label]
        base = row.get(BASELINE)
        cells = []
        for alt in present:
            if alt not in row or base is None:
                cells.append("-")
            else:
                cells.append(fmt_ratio(row[alt][0] / base[0]))
        base_txt = f"{base[0]:.3g} {base[2]}" if base else "-"
        ideal = ideals.get(label)
        ideal_txt = fmt_ratio(base[0] / ideal) if base and ideal else "-"
        lines.append(f"| {label} | {base_txt} | " + " | ".join(cells) + f" | {ideal_txt} |")
    return lines


def ideal_table(table, ideals):
    present = [a for a in ORDER if any(a in row for row in table.values())]
    lines = [
        "| workload | ideal | " + " | ".join(SHORT[a] for a in present) + " |",
        "|---|---|" + "---|" * len(present),
    ]
    for label in sorted(table):
        ideal = ideals.get(label)
        if not ideal:
            continue
        row = table[label]
        cells = [fmt_ratio(row[a][0] / ideal) if a in row else "-" for a in present]
        lines.append(f"| {label} | {ideal:.3g} ms | " + " | ".join(cells) + " |")
    return lines


def alloc_table(table):
    rows = {k: v for k, v in table.items() if any(x[3] is not None for x in v.values())}
    if not rows:
        return []
    present = [a for a in ORDER if any(a in row for row in rows.values())]
    lines = [
        "| workload (bytes/op, live threads only) | " + " | ".join(SHORT[a] for a in present) + " |",
        "|---|" + "---|" * len(present),
    ]
    for label in sorted(rows):
        row = rows[label]
        cells = [f"{row[a][3]:.0f}" if a in row and row[a][3] is not None else "-" for a in present]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return lines


def custom_tables(custom):
    lines = []
    for data in custom:
        keys = []
        for row in data["rows"]:
            keys += [k for k in row if k not in keys]
        lines.append(f"**{data['workload']}** (JVM {data['jvm']}, {data['cores']} cores)")
        lines.append("")
        lines.append("| " + " | ".join(keys) + " |")
        lines.append("|" + "---|" * len(keys))
        for row in data["rows"]:
            lines.append("| " + " | ".join(str(row.get(k, "-")) for k in keys) + " |")
        lines.append("")
    return lines


def targets(table, custom):
    """Issue 10's targets, met or not, from the W5 JMH scores and the W7 measurement."""
    lines = []
    for label in sorted(table):
        row = table[label]
        if label.startswith("W5") and BASELINE in row and "STREAM_EXECUTOR" in row:
            ratio = row["STREAM_EXECUTOR"][0] / row[BASELINE][0]
            verdict = "met" if ratio <= W5_TARGET_RATIO else "not met"
            lines.append(f"- {label}: ours {fmt_ratio(ratio)} of (1), target <= "
                         f"{W5_TARGET_RATIO}x: {verdict}")
    for data in custom:
        if not data["workload"].startswith("W7"):
            continue
        for row in data["rows"]:
            if "threadsHeld" not in row:
                continue
            # The strict count: every thread started since before the warm-up maps.
            held = row.get("threadsAboveStart", row["threadsHeld"])
            limit = W7_POOL_SIZE + W7_THREAD_ALLOWANCE
            verdict = "met" if held <= limit else "not met"
            back = row.get("millisToBaseline", -1)
            lines.append(
                f"- W7 {SHORT.get(row['alternative'], row['alternative'])}: "
                f"{held} threads above the start ({row['threadsHeld']} above the baseline after "
                f"warm-up), target <= {limit}: {verdict}; "
                f"{row.get('heapBytesPerMap')} heap bytes per open map; "
                + (f"back to baseline {back} ms after close" if back >= 0
                   else "NOT back to baseline after close"))
    if not lines:
        return []
    return ["Issue 10 targets:", ""] + lines + [""]


def main():
    folder = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "benchmarks/results/jdk17")
    jmh, custom = load(folder)
    table, ideals, jvms = scores(jmh)
    out = [f"JVM: {', '.join(sorted(jvms)) or '?'}; results: {folder}", ""]
    run_info = folder / "run.txt"
    if run_info.exists():
        out += ["```", run_info.read_text().strip(), "```", ""]
    out += ["Time per operation ÷ (1) submit-all-then-get (lower is better):", ""]
    out += ratio_table(table, ideals) + [""]
    out += ["Time per operation ÷ ideal (W2: measured ceil(N/16) sleeps; W3: 12 / 30 ms):", ""]
    out += ideal_table(table, ideals) + [""]
    out += alloc_table(table) + [""]
    out += custom_tables(custom)
    out += targets(table, custom)
    text = "\n".join(out)
    (folder / "report.md").write_text(text + "\n")
    print(text)


if __name__ == "__main__":
    main()
