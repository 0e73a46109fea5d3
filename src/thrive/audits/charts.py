"""Small accessible SVG charts (no script, no inline style), always shown beside a data table.

The SVG has role="img" with a title and description; the table next to it is the accessible
equivalent, so screen-reader users get the numbers and everyone gets text labels, not colour
alone (each bar segment also carries its value when there is room).
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe

GRADE_COLOURS = ["#00703c", "#1d70b8", "#f47738", "#d4351c"]
SENTIMENT_COLOURS = ["#00703c", "#505a5f", "#912b88", "#d4351c"]


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
            f'fill="#0b0c0c">{escape(item.label)}</text>'
        )
        x += 24 + 7 * len(item.label)
    for index, (category, row) in enumerate(zip(categories, values, strict=True)):
        y = legend_height + gap + index * (bar_height + gap)
        parts.append(
            f'<text x="{label_width - 8}" y="{y + 16}" text-anchor="end" '
            f'font-family="arial, sans-serif" font-size="13" fill="#0b0c0c">'
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
                    f'font-family="arial, sans-serif" font-size="12" fill="#ffffff">{value}</text>'
                )
            offset += segment
        parts.append(
            f'<text x="{offset + 6:.1f}" y="{y + 16}" font-family="arial, sans-serif" '
            f'font-size="12" fill="#0b0c0c">{sum(row)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped
