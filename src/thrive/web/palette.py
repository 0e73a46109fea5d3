"""One colour palette for every chart and badge (GOV.UK Design System colours).

A grade, a sentiment or a RAG status has the same colour on every page and in every pack. Colour
is never the only carrier of meaning: each chart has text labels and a data table beside it.
"""

from __future__ import annotations

BLACK = "#0b0c0c"
WHITE = "#ffffff"
BLUE = "#1d70b8"
LIGHT_BLUE = "#5694ca"
GREEN = "#00703c"
ORANGE = "#f47738"
RED = "#d4351c"
PURPLE = "#912b88"
DARK_GREY = "#505a5f"
MID_GREY = "#b1b4b6"

# The four-point scale Ofsted and councils' practice standards use, best first, keyed by the
# lower-case words of the grade (as Ofsted writes them and as `Grade` values normalise to).
GRADE_COLOURS: dict[str, str] = {
    "outstanding": GREEN,
    "good": BLUE,
    "requires improvement": ORANGE,
    "inadequate": RED,
    "not recorded": MID_GREY,
}
SENTIMENT_COLOURS: dict[str, str] = {
    "positive": GREEN,
    "mixed": DARK_GREY,
    "neutral": PURPLE,
    "negative": RED,
}
RAG_COLOURS: dict[str, str] = {"green": GREEN, "amber": ORANGE, "red": RED, "none": MID_GREY}
DONE, TO_DO = GREEN, MID_GREY
LINE, SPECIAL_CAUSE, REFERENCE_LINE = BLUE, ORANGE, DARK_GREY


def grade_colour(grade: str) -> str:
    """The colour of a grade written any way ("requires_improvement", "Requires improvement to
    be good", "Good")."""
    words = grade.replace("_", " ").strip().lower().removesuffix(" to be good")
    return GRADE_COLOURS.get(words, MID_GREY)
