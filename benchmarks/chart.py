#!/usr/bin/env python3
"""SVG chart of the ratios to (1), one group of bars per workload, log scale. Stdlib only.

Usage: python3 benchmarks/chart.py [benchmarks/results/jdk17]  ->  <folder>/ratios.svg
"""
import math
import pathlib
import sys

from report import BASELINE, ORDER, SHORT, load, scores

COLORS = {
    "STREAM_EXECUTOR": "#d62728",
    "STREAM_EXECUTOR_CHUNKED": "#8c1a1a",
    "STREAM_EXECUTOR_ADAPTIVE": "#ff9896",
    "SUBMIT_ALL": "#7f7f7f",
    "INVOKE_ALL": "#bcbd22",
    "COMPLETABLE_FUTURE": "#1f77b4",
    "REACTOR": "#9467bd",
    "PARALLEL_COLLECTORS": "#8c564b",
    "PARALLEL_COLLECTORS_BATCHING": "#e377c2",
    "MAP_CONCURRENT": "#17becf",
    "SEQUENTIAL": "#2ca02c",
}
LO, HI = 0.01, 100.0  # axis range of ratios (log10)
BAR, GAP, LEFT, WIDTH, TOP = 11, 14, 330, 520, 50


def x_of(ratio):
    ratio = min(max(ratio, LO), HI)
    return LEFT + WIDTH * (math.log10(ratio) - math.log10(LO)) / (math.log10(HI) - math.log10(LO))


def esc(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def main():
    folder = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "benchmarks/results/jdk17")
    jmh, _ = load(folder)
    table, _, jvms = scores(jmh)
    parts, y = [], TOP
    for label in sorted(table):
        row = table[label]
        if BASELINE not in row:
            continue
        base = row[BASELINE][0]
        parts.append(f'<text x="8" y="{y + 10}" font-weight="bold">{esc(label)}</text>')
        y += 16
        for alt in ORDER:
            if alt not in row:
                continue
            ratio = row[alt][0] / base
            x0, x1 = x_of(LO), x_of(ratio)
            parts.append(f'<text x="{LEFT - 6}" y="{y + 9}" text-anchor="end">{SHORT[alt]}</text>')
            parts.append(
                f'<rect x="{x0:.1f}" y="{y}" width="{max(x1 - x0, 1):.1f}" height="{BAR}" '
                f'fill="{COLORS[alt]}"/>'
            )
            parts.append(f'<text x="{x1 + 4:.1f}" y="{y + 9}">{ratio:.2f}x</text>')
            y += BAR + 2
        y += GAP
    axis = []
    for tick in (0.01, 0.1, 1, 10, 100):
        x = x_of(tick)
        dash = "" if tick == 1 else ' stroke-dasharray="2,3"'
        axis.append(f'<line x1="{x:.1f}" y1="{TOP - 8}" x2="{x:.1f}" y2="{y}" stroke="#444"{dash}/>')
        axis.append(f'<text x="{x:.1f}" y="{TOP - 12}" text-anchor="middle">{tick:g}x</text>')
    title = (
        "Time ÷ (1) submit-all-then-get, log scale, lower is better. "
        + esc(", ".join(sorted(jvms)))
    )
    height = y + 10
    svg = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{LEFT + WIDTH + 80}" height="{height}" '
        'font-family="sans-serif" font-size="11">',
        '<rect width="100%" height="100%" fill="white"/>',
        f'<text x="8" y="16" font-size="12">{title}</text>',
        *axis,
        *parts,
        "</svg>",
    ]
    out = folder / "ratios.svg"
    out.write_text("\n".join(svg) + "\n")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
