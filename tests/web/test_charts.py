"""The one chart module: accessible SVG in the one palette."""

from __future__ import annotations

from thrive.web import charts, palette


def test_a_grade_has_one_colour_however_it_is_written() -> None:
    assert palette.grade_colour("Good") == palette.grade_colour("good") == palette.BLUE
    assert palette.grade_colour("requires_improvement") == palette.ORANGE
    assert palette.grade_colour("Requires improvement to be good") == palette.ORANGE
    assert palette.grade_colour("something else") == palette.MID_GREY


def test_stacked_bars_are_labelled_and_escaped() -> None:
    svg = charts.stacked_bar_svg(
        chart_id="t",
        title="Grades <by> team",
        description="Audits by grade",
        categories=["Team A & B", "Team C"],
        series=[charts.Series("Good", palette.BLUE), charts.Series("Inadequate", palette.RED)],
        values=[[3, 1], [0, 2]],
    )
    assert 'role="img"' in svg and 'aria-labelledby="t-title t-desc"' in svg
    assert "Grades &lt;by&gt; team" in svg and "Team A &amp; B" in svg
    assert svg.count(f'fill="{palette.RED}"') == 3  # legend + two segments
    assert ">4</text>" in svg and ">2</text>" in svg  # totals beside each bar
    assert "style=" not in svg and "<script" not in svg
