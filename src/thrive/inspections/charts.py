"""SVG charts (Altair, rendered by vl-convert) embedded as data URIs; every chart has a table."""

from __future__ import annotations

import base64
from functools import cache

GRADE_COLOURS = {
    "Outstanding": "#00703c",
    "Good": "#5694ca",
    "Requires improvement": "#f47738",
    "Inadequate": "#d4351c",
    "Not recorded": "#b1b4b6",
}


@cache
def stacked_bar_svg(rows: tuple[tuple[str, str, int], ...], title: str, x_title: str) -> str:
    """rows: (category, grade label, count). Returns a data: URI of an SVG image."""
    import altair as alt
    import vl_convert as vlc

    data = [{"category": c, "grade": g, "count": n} for c, g, n in rows]
    order = list(GRADE_COLOURS)
    chart = (
        alt.Chart(alt.Data(values=data), title=title)
        .mark_bar()
        .encode(
            y=alt.Y("category:N", title=x_title, sort=None),
            x=alt.X("count:Q", title="Councils", stack="zero"),
            color=alt.Color(
                "grade:N",
                title="Overall effectiveness",
                scale=alt.Scale(domain=order, range=[GRADE_COLOURS[g] for g in order]),
                sort=order,
            ),
            order=alt.Order("grade_order:Q"),
        )
        .transform_calculate(
            grade_order="indexof(" + repr(order).replace("'", '"') + ", datum.grade)"
        )
        .properties(width=520)
    )
    svg = vlc.vegalite_to_svg(chart.to_json())
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
