"""Every chart Thrive draws: server-rendered SVG, no script and no inline style (the CSP allows
neither), in the one palette of `thrive.web.palette`.

Each chart is shown beside a data table holding the same numbers: the table is the accessible
equivalent, the SVG carries a title and description for screen readers, and text labels mean
no one depends on colour alone. The same SVG goes into HTML pages and PDF packs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe

from thrive.metrics.spc import XmR
from thrive.web.palette import BLACK, LINE, RAG_COLOURS, REFERENCE_LINE, SPECIAL_CAUSE, WHITE

RAG_ORDER = ("green", "amber", "red", "")
"""Delivery RAG in chart order: the good news first, then what needs attention, then unrated."""
RAG_WORDS = {"red": "Red", "amber": "Amber", "green": "Green", "": "Not rated"}


@dataclass(frozen=True)
class Series:
    label: str
    colour: str


def stacked_bar_svg(
    *,
    chart_id: str,
    title: str,
    description: str,
    categories: list[str],
    series: list[Series],
    values: list[list[int]],
) -> SafeString:
    """Horizontal stacked bars: one bar per category, one segment per series."""
    width, label_width, bar_height, gap = 640, 150, 22, 10
    legend_height = 26
    plot_width = width - label_width - 50
    height = legend_height + len(categories) * (bar_height + gap) + gap
    top = max((sum(row) for row in values), default=0) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'class="thrive-chart" focusable="false">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]
    x = 0
    for item in series:
        parts.append(
            f'<rect x="{x}" y="4" width="14" height="14" fill="{item.colour}"/>'
            f'<text x="{x + 18}" y="16" font-family="arial, sans-serif" font-size="13" '
            f'fill="{BLACK}">{escape(item.label)}</text>'
        )
        x += 24 + 7 * len(item.label)
    for index, (category, row) in enumerate(zip(categories, values, strict=True)):
        y = legend_height + gap + index * (bar_height + gap)
        parts.append(
            f'<text x="{label_width - 8}" y="{y + 16}" text-anchor="end" '
            f'font-family="arial, sans-serif" font-size="13" fill="{BLACK}">'
            f"{escape(category)}</text>"
        )
        offset = float(label_width)
        for item, value in zip(series, row, strict=True):
            if value <= 0:
                continue
            segment = plot_width * value / top
            parts.append(
                f'<rect x="{offset:.1f}" y="{y}" width="{segment:.1f}" height="{bar_height}" '
                f'fill="{item.colour}"/>'
            )
            if segment >= 18:
                parts.append(
                    f'<text x="{offset + segment / 2:.1f}" y="{y + 16}" text-anchor="middle" '
                    f'font-family="arial, sans-serif" font-size="12" fill="{WHITE}">{value}</text>'
                )
            offset += segment
        parts.append(
            f'<text x="{offset + 6:.1f}" y="{y + 16}" font-family="arial, sans-serif" '
            f'font-size="12" fill="{BLACK}">{sum(row)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped  # nosec B308 B703


def delivery_by_priority(
    chart_id: str, priorities: Sequence[tuple[str, Mapping[str, int]]]
) -> SafeString:
    """Actions in each priority of a plan by delivery RAG, one bar a priority (the plan progress
    page and the board pack). `priorities` is (title, {rag: count}); the caller shows the same
    counts in a table after the chart."""
    return stacked_bar_svg(
        chart_id=chart_id,
        title="Delivery RAG of the plan's actions, by priority",
        description="Actions in each priority by delivery RAG; the table that follows gives "
        "the same figures.",
        categories=[title[:24] for title, _ in priorities],
        series=[Series(RAG_WORDS[rag], RAG_COLOURS[rag or "none"]) for rag in RAG_ORDER],
        values=[[counts.get(rag, 0) for rag in RAG_ORDER] for _, counts in priorities],
    )


def _scale(
    values: Sequence[float], low: float, high: float, size: float, pad: float
) -> list[float]:
    span = (high - low) or 1.0
    return [pad + (size - 2 * pad) * (1 - (v - low) / span) for v in values]


def sparkline(values: Sequence[float], label: str) -> SafeString:
    """A small trend line (latest point marked)."""
    if len(values) < 2:
        # An empty string: nothing to escape.
        return mark_safe("")  # nosec B308 B703
    width, height, pad = 120.0, 28.0, 3.0
    ys = _scale(values, min(values), max(values), height, pad)
    step = (width - 2 * pad) / (len(values) - 1)
    points = " ".join(f"{pad + i * step:.1f},{y:.1f}" for i, y in enumerate(ys))
    last_x, last_y = pad + (len(values) - 1) * step, ys[-1]
    svg = (
        f'<svg class="thrive-sparkline" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" role="img" aria-label="{escape(label)}">'
        f'<polyline points="{points}" fill="none" stroke="{LINE}" stroke-width="2"/>'
        f'<circle cx="{last_x:.1f}" cy="{last_y:.1f}" r="3" fill="{BLACK}"/></svg>'
    )
    return mark_safe(svg)  # noqa: S308 - numbers and an escaped label only  # nosec B308 B703


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
            f'stroke="{REFERENCE_LINE}" stroke-width="1"{dash_attr}/>'
            f'<text x="2" y="{y + 4:.1f}" font-size="11" fill="{BLACK}">{escape(name)} '
            f"{value:.1f}</text>"
        )
    points = " ".join(f"{x:.1f},{y:.1f}" for x, y in zip(xs, ys, strict=True))
    parts.append(f'<polyline points="{points}" fill="none" stroke="{LINE}" stroke-width="2"/>')
    for x, y, side in zip(xs, ys, chart.special, strict=True):
        if side:
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="{SPECIAL_CAUSE}"/>')
        else:
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{LINE}"/>')
    if labels:
        parts.append(
            f'<text x="{left:.0f}" y="{height - 4:.0f}" font-size="11" fill="{BLACK}">'
            f"{escape(labels[0])}</text>"
            f'<text x="{width - pad:.0f}" y="{height - 4:.0f}" font-size="11" '
            f'text-anchor="end" fill="{BLACK}">{escape(labels[-1])}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - numbers and escaped text only  # nosec B308 B703
