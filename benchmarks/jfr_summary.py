#!/usr/bin/env python3
"""Where the time goes, from a JFR recording: execution samples and thread parks per thread role.

Usage: python3 benchmarks/jfr_summary.py recording.jfr [items] [top]

Record with -XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints so that samples land on the
inlined frame that ran, not the nearest safepoint's.

Reads `jfr print --json --events jdk.ExecutionSample,jdk.ThreadPark` (record with a settings file
whose jdk.ThreadPark threshold is 0 ms to see every park). Roles come from thread names:
bench-worker-* (pool), stream-executors-feeder-* (our feeder), bench-consumer / main (the consumer).
With `items` (inputs mapped during the recording), parks are also given per item.
"""
import collections
import json
import subprocess
import sys


def role(thread):
    name = (thread or {}).get("javaName") or (thread or {}).get("osName") or "?"
    if name.startswith("bench-worker"):
        return "worker"
    if name.startswith("stream-executors-feeder"):
        return "feeder"
    if name.startswith("bench-consumer") or name == "main":
        return "consumer"
    return "other:" + name.split("-")[0]


def frame_name(frame):
    method = frame["method"]
    cls = method["type"]["name"].replace("/", ".").split(".")[-1]
    return f"{cls}.{method['name']}"


def frames(event):
    trace = event["values"].get("stackTrace") or {}
    return [frame_name(f) for f in trace.get("frames", [])]


PARK_PLUMBING = ("LockSupport.", "Unsafe.", "AbstractQueuedSynchronizer", "ConditionObject.", "ForkJoinPool.managedBlock", "ForkJoinPool.unmanagedBlock")


def park_site(stack):
    for name in stack:
        if not name.startswith(PARK_PLUMBING):
            return name
    return stack[-1] if stack else "?"


def main():
    path = sys.argv[1]
    items = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    top = int(sys.argv[3]) if len(sys.argv) > 3 else 12
    raw = subprocess.run(
        ["jfr", "print", "--json", "--stack-depth", "64", "--events", "jdk.ExecutionSample,jdk.ThreadPark", path],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    events = json.loads(raw)["recording"]["events"]
    samples = [e for e in events if e["type"] == "jdk.ExecutionSample"]
    parks = [e for e in events if e["type"] == "jdk.ThreadPark"]

    by_role = collections.Counter(role(e["values"]["sampledThread"]) for e in samples)
    print(f"execution samples: {len(samples)}")
    for r, n in by_role.most_common():
        print(f"  {r:24s} {n:6d}  {100 * n / len(samples):5.1f}%")
    for r, _ in by_role.most_common(4):
        mine = [frames(e) for e in samples if role(e["values"]["sampledThread"]) == r]
        self_top = collections.Counter(s[0] for s in mine if s)
        print(f"\ntop self frames, {r} ({len(mine)} samples):")
        for name, n in self_top.most_common(top):
            print(f"  {100 * n / len(mine):5.1f}%  {name}")
        inclusive = collections.Counter()
        for s in mine:
            for name in set(s):
                inclusive[name] += 1
        print(f"top inclusive frames, {r}:")
        for name, n in inclusive.most_common(top):
            print(f"  {100 * n / len(mine):5.1f}%  {name}")

    print(f"\nthread parks: {len(parks)}" + (f" ({len(parks) / items:.6f} per item)" if items else ""))
    sites = collections.Counter((role(e["values"]["eventThread"]), park_site(frames(e))) for e in parks)
    for (r, site), n in sites.most_common(top):
        per = f"  {n / items:.6f}/item" if items else ""
        print(f"  {r:12s} {site:50s} {n:8d}{per}")


if __name__ == "__main__":
    main()
