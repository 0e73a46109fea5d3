"""Care leavers: education, employment or training, accommodation and contact (SSDA903 OC3)."""

from __future__ import annotations

from typing import Any

import ibis.expr.types as ir

from thrive.metrics.cohorts import (
    EET_CODES,
    cla_profile,
)
from thrive.metrics.expr import (
    Params,
    Sources,
    age_at,
    flag,
    units,
)
from thrive.metrics.measures.common import (
    PEOPLE,
    S903_SOURCE,
)
from thrive.metrics.registry import (
    Measure,
    PeriodType,
    Polarity,
    Unit,
    register,
)


def _leavers(
    *, id: str, code: str, name: str, ages: tuple[int, int], what: str, england: Any = ()
) -> None:
    low, high = ages
    conditions = {
        "eet": ("in education, employment or training", "ACTIV in " + ", ".join(EET_CODES)),
        "accommodation": ("in suitable accommodation", "ACCOM ending in 1 (suitable)"),
        "in_touch": ("in touch with the council", "IN_TOUCH = YES"),
    }
    label, rule = conditions[what]

    def build(s: Sources, p: Params) -> ir.Table:
        o = s["s903_oc3"]
        age = age_at(o.dob, p.ref)
        # Young people still looked after on the birthday have IN_TOUCH, ACTIV and ACCOM blank
        # (SSDA903 rule 1007): they are not care leavers and DfE leaves them out.
        still_looked_after = (
            (o.in_touch.fill_null("") == "")
            & (o.activity.fill_null("") == "")
            & (o.accommodation.fill_null("") == "")
        )
        o = o.filter((o._year == p.year) & (age >= low) & (age <= high) & ~still_looked_after)
        o = cla_profile(s, o, p)
        if what == "eet":
            hit = o.activity.isin(EET_CODES)
        elif what == "accommodation":
            hit = o.accommodation.endswith("1")
        else:
            hit = o.in_touch == "YES"
        return units(
            o,
            subject=o.child,
            num=flag(hit),
            age_band=o.age_band,
            gender=o.gender,
            ethnicity=o.ethnicity,
        )

    register(
        Measure(
            id=id,
            code=code,
            name=name,
            area="Care leavers",
            definition=f"Of the care leavers aged {low} to {high} at the year end (their "
            f"birthday in the year), the share {label}.",
            numerator=f"OC3 care leavers aged {low}–{high} with {rule}",
            denominator=f"OC3 care leavers aged {low}–{high} (no information counts here; "
            "young people still looked after on the birthday are left out)",
            population="Former relevant care leavers (OC3)",
            period_type=PeriodType.COHORT,
            unit=Unit.PERCENT,
            polarity=Polarity.UP,
            source=S903_SOURCE,
            fields=("OC3: ACTIV", "OC3: ACCOM", "OC3: IN_TOUCH", "OC3: DOB"),
            follows="DfE Care leavers (OC3) by age at birthday",
            notes=(
                "Cohort: OC3 rows of the year's return aged "
                f"{low}–{high} at 31 March, leaving out rows with IN_TOUCH, ACTIV and ACCOM all "
                "blank (still looked after on the birthday, rule 1007). No information (0, "
                "REFU, NO) counts in the denominator.",
                "In education, employment or training: ACTIV F1/P1 (higher education), F2/P2 "
                "(other education), F4/P4 (apprenticeship), F5/P5 (other training or "
                "employment), full or part time; G4–G6 are NEET.",
                "Suitable accommodation: ACCOM ending in 1. In touch: IN_TOUCH = YES.",
                "Until 2026 Thrive counted F3/P3 (not valid codes) as EET and not F4/P4/F5/P5, "
                "and kept young people still looked after in the 17–18 cohorts.",
            ),
            tables=("s903_oc3", "s903_header"),
            build=build,
            monthly=False,
            breakdowns=PEOPLE,
            england=england,
        )
    )


_leavers(
    id="leavers_1718_eet_pct",
    code="L15",
    name="Care leavers 17–18 in EET",
    ages=(17, 18),
    what="eet",
)
_leavers(
    id="leavers_1921_eet_pct",
    code="L16",
    name="Care leavers 19–21 in EET",
    ages=(19, 21),
    what="eet",
)
_leavers(
    id="leavers_1718_accom_pct",
    code="L17",
    name="Care leavers 17–18 in suitable accommodation",
    ages=(17, 18),
    what="accommodation",
)
_leavers(
    id="leavers_1921_accom_pct",
    code="L18",
    name="Care leavers 19–21 in suitable accommodation",
    ages=(19, 21),
    what="accommodation",
)
_leavers(
    id="leavers_in_touch_pct",
    code="L19",
    name="Care leavers in touch",
    ages=(17, 21),
    what="in_touch",
)
