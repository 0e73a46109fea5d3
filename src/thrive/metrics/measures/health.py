"""Health of children looked after continuously for 12 months (SSDA903 OC2)."""

from __future__ import annotations

from typing import Any

import ibis.expr.types as ir

from thrive.metrics.cohorts import (
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
    EES_CLA_2024,
    PEOPLE,
    S903_SOURCE,
)
from thrive.metrics.registry import (
    EnglandFigure,
    Measure,
    PeriodType,
    Polarity,
    Unit,
    register,
)


def _oc2(s: Sources, p: Params) -> ir.Table:
    o = s["s903_oc2"]
    o = o.filter(o._year == p.year)
    return cla_profile(s, o, p)


def _oc2_measure(
    *, id: str, code: str, name: str, column: str, definition: str, england: Any = ()
) -> None:
    def build(s: Sources, p: Params) -> ir.Table:
        o = _oc2(s, p)
        if column == "health_check":
            o = o.filter(age_at(o.dob, p.ref) < 5)
        return units(
            o,
            subject=o.child,
            num=flag(o[column] == "1"),
            age_band=o.age_band,
            gender=o.gender,
            ethnicity=o.ethnicity,
        )

    register(
        Measure(
            id=id,
            code=code,
            name=name,
            area="Health of children looked after",
            definition=definition,
            numerator=f"OC2 children with {column.upper()} = 1",
            denominator="Children looked after continuously for 12 months at 31 March (OC2)"
            + (", aged under 5" if column == "health_check" else ""),
            population="Children looked after for at least 12 months",
            period_type=PeriodType.COHORT,
            unit=Unit.PERCENT,
            polarity=Polarity.UP,
            source=S903_SOURCE,
            fields=(f"OC2: {column.upper()}",),
            follows="DfE Outcomes for children looked after (OC2 cohort)",
            tables=("s903_oc2", "s903_header"),
            build=build,
            monthly=False,
            breakdowns=PEOPLE,
            england=england,
            notes=(
                "Reviewed against the DfE definition (2026): confirmed. The cohort is the "
                "year's OC2 rows (looked after continuously for 12 months at 31 March, short "
                "breaks left out by the return); a value of 1 counts, anything else does not.",
            ),
        )
    )


_oc2_measure(
    id="health_assessment_pct",
    code="L09",
    name="Annual health assessments",
    column="health_assessment",
    definition="Of the children looked after continuously for 12 months, the share whose "
    "annual health assessment is up to date.",
)
_oc2_measure(
    id="dental_check_pct",
    code="L10",
    name="Dental checks",
    column="teeth_check",
    definition="Of the children looked after continuously for 12 months, the share whose "
    "teeth were checked by a dentist in the year.",
)
_oc2_measure(
    id="immunisations_pct",
    code="L11",
    name="Immunisations up to date",
    column="immunisations",
    definition="Of the children looked after continuously for 12 months, the share whose "
    "immunisations are up to date.",
)
_oc2_measure(
    id="development_checks_pct",
    code="L12",
    name="Development assessments (under 5s)",
    column="health_check",
    definition="Of the children under 5 looked after continuously for 12 months, the share "
    "whose development assessments are up to date.",
    england=(EnglandFigure(88.0, 2024, EES_CLA_2024, "5,980 of 6,820"),),
)
