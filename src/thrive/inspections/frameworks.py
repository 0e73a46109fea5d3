"""Ofsted inspection frameworks as versioned reference data (no database, no Django).

Each framework version names its judgement areas and grade scale, so an inspection recorded under
the 2013 single inspection framework (SIF) or the 2018 ILACS keeps the areas it was judged on,
while inspections since January 2023 use the five ILACS judgements.
"""

from __future__ import annotations

from dataclasses import dataclass

GRADES_4: tuple[tuple[str, str], ...] = (
    ("outstanding", "Outstanding"),
    ("good", "Good"),
    ("requires improvement", "Requires improvement to be good"),
    ("inadequate", "Inadequate"),
)
GRADE_RANK = {"outstanding": 1, "good": 2, "requires improvement": 3, "inadequate": 4}
NOT_JUDGED = "not_separately_judged"


@dataclass(frozen=True)
class JudgementArea:
    code: str
    name: str


@dataclass(frozen=True)
class Framework:
    code: str
    name: str
    in_force_from: str  # ISO date
    in_force_to: str  # ISO date or "" when current
    areas: tuple[JudgementArea, ...]
    grades: tuple[tuple[str, str], ...] = GRADES_4

    def area_name(self, code: str) -> str:
        for area in self.areas:
            if area.code == code:
                return area.name
        return code.replace("_", " ").capitalize()


OVERALL = JudgementArea("overall", "Overall effectiveness")

ILACS_2023 = Framework(
    code="ilacs_2023",
    name="ILACS (January 2023)",
    in_force_from="2023-01-01",
    in_force_to="",
    areas=(
        OVERALL,
        JudgementArea("leaders", "The impact of leaders on social work practice with children"),
        JudgementArea(
            "help_and_protection",
            "The experiences and progress of children who need help and protection",
        ),
        JudgementArea("children_in_care", "The experiences and progress of children in care"),
        JudgementArea("care_leavers", "The experiences and progress of care leavers"),
    ),
)
ILACS_2018 = Framework(
    code="ilacs_2018",
    name="ILACS (January 2018 to December 2022)",
    in_force_from="2018-01-01",
    in_force_to="2022-12-31",
    areas=(
        OVERALL,
        JudgementArea("leaders", "The impact of leaders on social work practice with children"),
        JudgementArea(
            "help_and_protection",
            "The experiences and progress of children who need help and protection",
        ),
        JudgementArea(
            "children_in_care",
            "The experiences and progress of children in care and care leavers",
        ),
    ),
)
SIF_2013 = Framework(
    code="sif_2013",
    name="Single inspection framework (November 2013 to December 2017)",
    in_force_from="2013-11-01",
    in_force_to="2017-12-31",
    areas=(
        OVERALL,
        JudgementArea("help_and_protection", "Children who need help and protection"),
        JudgementArea("children_in_care", "Children looked after and achieving permanence"),
        JudgementArea("adoption", "Adoption performance"),
        JudgementArea("care_leavers", "Experiences and progress of care leavers"),
        JudgementArea("leaders", "Leadership, management and governance"),
    ),
)
NO_JUDGEMENTS = Framework(
    code="visit",
    name="Visit or inspection without graded judgements",
    in_force_from="2013-11-01",
    in_force_to="",
    areas=(),
)

FRAMEWORKS: dict[str, Framework] = {
    f.code: f for f in (ILACS_2023, ILACS_2018, SIF_2013, NO_JUDGEMENTS)
}


def framework_for(code: str) -> Framework:
    return FRAMEWORKS.get(code, NO_JUDGEMENTS)


def framework_in_force(day_iso: str) -> Framework:
    """The graded framework in force on an ISO date (ILACS 2023 for anything from 2023)."""
    for framework in (ILACS_2023, ILACS_2018, SIF_2013):
        if day_iso >= framework.in_force_from:
            return framework
    return SIF_2013


def grade_label(grade: str) -> str:
    if grade == NOT_JUDGED:
        return "Not separately judged"
    return dict(GRADES_4).get(grade, grade.capitalize() if grade else "Not recorded")
