"""Charts as server-rendered SVG (no script, no inline style: the CSP allows neither).

Every chart is drawn beside a data table holding the same numbers; the SVG carries a text
alternative for screen readers.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from django.utils.safestring import SafeString, mark_safe

from thrive.metrics.spc import XmR


def _scale(
    values: Sequence[float], low: float, high: float, size: float, pad: float
) -> list[float]:
    span = (high - low) or 1.0
    return [pad + (size - 2 * pad) * (1 - (v - low) / span) for v in values]


def sparkline(values: Sequence[float], label: str) -> SafeString:
    """A small trend line (latest point marked)."""
    if len(values) < 2:
        return mark_safe("")
    width, height, pad = 120.0, 28.0, 3.0
    ys = _scale(values, min(values), max(values), height, pad)
    step = (width - 2 * pad) / (len(values) - 1)
    points = " ".join(f"{pad + i * step:.1f},{y:.1f}" for i, y in enumerate(ys))
    last_x, last_y = pad + (len(values) - 1) * step, ys[-1]
    svg = (
        f'<svg class="thrive-sparkline" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" role="img" aria-label="{escape(label)}">'
        f'<polyline points="{points}" fill="none" stroke="#1d70b8" stroke-width="2"/>'
        f'<circle cx="{last_x:.1f}" cy="{last_y:.1f}" r="3" fill="#0b0c0c"/></svg>'
    )
    return mark_safe(svg)  # noqa: S308 - numbers and an escaped label only


def spc_chart(chart: XmR, labels: Sequence[str], title: str) -> SafeString:
    """An XmR chart: the values, the mean and the natural process limits; special-cause
    points drawn as larger orange (concern side) or blue (other side) circles."""
    width, height, pad, left = 640.0, 260.0, 24.0, 56.0
    values = list(chart.values)
    low = min([*values, chart.lower])
    high = max([*values, chart.upper])
    ys = _scale(values, low, high, height, pad)
    step = (width - left - pad) / max(len(values) - 1, 1)
    xs = [left + i * step for i in range(len(values))]

    def y_of(v: float) -> float:
        return _scale([v], low, high, height, pad)[0]

    parts = [
        f'<svg class="thrive-chart" width="100%" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'role="img" aria-labelledby="chart-title"><title id="chart-title">{escape(title)}</title>'
    ]
    for name, value, dash in (
        ("Upper limit", chart.upper, "6 4"),
        ("Mean", chart.mean, ""),
        ("Lower limit", chart.lower, "6 4"),
    ):
        y = y_of(value)
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<line x1="{left:.0f}" x2="{width - pad:.0f}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="#505a5f" stroke-width="1"{dash_attr}/>'
            f'<text x="2" y="{y + 4:.1f}" font-size="11" fill="#0b0c0c">{escape(name)} '
            f"{value:.1f}</text>"
        )
    points = " ".join(f"{x:.1f},{y:.1f}" for x, y in zip(xs, ys, strict=True))
    parts.append(f'<polyline points="{points}" fill="none" stroke="#1d70b8" stroke-width="2"/>')
    for x, y, side in zip(xs, ys, chart.special, strict=True):
        if side:
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="#f47738"/>')
        else:
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="#1d70b8"/>')
    if labels:
        parts.append(
            f'<text x="{left:.0f}" y="{height - 4:.0f}" font-size="11" fill="#0b0c0c">'
            f"{escape(labels[0])}</text>"
            f'<text x="{width - pad:.0f}" y="{height - 4:.0f}" font-size="11" '
            f'text-anchor="end" fill="#0b0c0c">{escape(labels[-1])}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - numbers and escaped text only
