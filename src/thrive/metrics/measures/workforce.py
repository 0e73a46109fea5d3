"""Children's social work workforce census: caseloads, vacancies, agency, turnover and
sickness (snapshot at 30 September)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NotRequired, TypedDict, Unpack

import ibis
import ibis.expr.types as ir

from thrive.metrics.expr import (
    Params,
    Sources,
    d,
    in_window,
    units,
)
from thrive.metrics.measures.common import (
    EES_CSWW,
    WF_SOURCE,
)
from thrive.metrics.registry import (
    Build,
    EnglandFigure,
    PeriodType,
    Polarity,
    Unit,
    measure,
)


class WorkforceDeclaration(TypedDict):
    """A workforce census measure: `Declaration` without what they all share (30 September,
    by team, one unit per member of staff or vacancy)."""

    id: str
    code: str
    name: str
    definition: str
    numerator: str
    denominator: str
    population: str
    unit: Unit
    polarity: Polarity
    fields: tuple[str, ...]
    follows: str
    tables: tuple[str, ...]
    england: NotRequired[tuple[EnglandFigure, ...]]
    notes: tuple[str, ...]


def workforce_measure(**fields: Unpack[WorkforceDeclaration]) -> Callable[[Build], Build]:
    """Declare a measure of the workforce census, taken at 30 September each year."""
    return measure(
        area="Workforce",
        source=WF_SOURCE,
        monthly=False,
        breakdowns=("team",),
        date_labels=("Started", "Left"),
        subject_label="Staff",
        year_end_month=9,
        period_type=PeriodType.COHORT,
        **fields,
    )


def _staff(s: Sources, p: Params) -> ir.Table:
    w = s["wf_staff"]
    return w.filter(w._year == p.year)


def _in_post(w: ir.Table, p: Params) -> ir.BooleanValue:
    return (w.start <= d(p.ref)) & (w.leaving.isnull() | (w.leaving > d(p.ref)))


def _staff_units(w: ir.Table, num: Any, den: Any) -> ir.Table:
    return units(
        w, subject=w.staff_id, num=num, den=den, date_a=w.start, date_b=w.leaving, team=w.team
    )


@workforce_measure(
    id="caseload_avg",
    code="W01",
    name="Average caseload",
    definition="Cases held by social workers who hold at least one case, divided by their "
    "full-time equivalent.",
    numerator="Cases held at 30 September",
    denominator="FTE of social workers (permanent and agency) in post holding 1 or more cases",
    population="Case-holding social workers",
    fields=("CasesHeld", "FTE"),
    follows="DfE Children's social work workforce: average caseload per FTE",
    tables=("wf_staff",),
    england=(EnglandFigure(15.2, 2025, EES_CSWW, ""),),
    unit=Unit.RATIO,
    polarity=Polarity.DOWN,
    notes=(
        "Reviewed against the DfE definition (2026): confirmed: cases held by children and family "
        "social workers holding at least one case, over their FTE, agency workers included.",
    ),
)
def _caseload(s: Sources, p: Params) -> ir.Table:
    w = _staff(s, p)
    w = w.filter(_in_post(w, p) & (w.cases >= 1))
    return _staff_units(w, w.cases, w.fte)


@workforce_measure(
    id="vacancy_pct",
    code="W02",
    name="Social worker vacancy rate",
    definition="Vacant social worker posts as a share of all posts (vacant plus filled by "
    "permanent staff), by FTE.",
    numerator="Vacant FTE at 30 September",
    denominator="Vacant FTE plus FTE of permanent social workers in post",
    population="Social worker posts",
    fields=("VacantFTE", "FTE", "Agency"),
    follows="DfE Children's social work workforce: vacancy rate",
    tables=("wf_staff", "wf_vacancies"),
    england=(EnglandFigure(14.2, 2025, EES_CSWW, ""),),
    unit=Unit.PERCENT,
    polarity=Polarity.DOWN,
    notes=(
        "Reviewed against the DfE definition (2026): confirmed: vacant FTE over vacant FTE plus "
        "FTE of permanent social workers in post at 30 September.",
    ),
)
def _vacancy(s: Sources, p: Params) -> ir.Table:
    w = _staff(s, p)
    w = w.filter(_in_post(w, p) & (w.agency == "0"))
    v = s["wf_vacancies"]
    v = v.filter(v._year == p.year)
    vacant = units(v, subject="Vacancy", num=v.vacant_fte, den=v.vacant_fte, team=v.team)
    return _staff_units(w, 0.0, w.fte).union(vacant)


@workforce_measure(
    id="agency_pct",
    code="W03",
    name="Agency social worker rate",
    definition="Agency social workers as a share of all social workers in post, by FTE.",
    numerator="FTE of agency social workers in post at 30 September",
    denominator="FTE of all social workers in post (agency and permanent)",
    population="Social workers in post",
    fields=("Agency", "FTE"),
    follows="DfE Children's social work workforce: agency worker rate",
    tables=("wf_staff",),
    england=(EnglandFigure(13.0, 2025, EES_CSWW, ""),),
    unit=Unit.PERCENT,
    polarity=Polarity.DOWN,
    notes=(
        "Reviewed against the DfE definition (2026): confirmed: agency FTE over all social worker "
        "FTE in post at 30 September.",
    ),
)
def _agency(s: Sources, p: Params) -> ir.Table:
    w = _staff(s, p)
    w = w.filter(_in_post(w, p))
    return _staff_units(w, ibis.ifelse(w.agency == "1", w.fte, 0.0), w.fte)


@workforce_measure(
    id="turnover_pct",
    code="W04",
    name="Social worker turnover rate",
    definition="Permanent social workers who left in the year to 30 September, as a share of "
    "permanent social workers in post at 30 September, by FTE.",
    numerator="FTE of permanent leavers with a leaving date in the year",
    denominator="FTE of permanent social workers in post at 30 September",
    population="Permanent social workers",
    fields=("LeavingDate", "FTE", "Agency"),
    follows="DfE Children's social work workforce: turnover rate",
    tables=("wf_staff",),
    england=(EnglandFigure(11.8, 2025, EES_CSWW, ""),),
    unit=Unit.PERCENT,
    polarity=Polarity.DOWN,
    notes=(
        "Reviewed against the DfE definition (2026): confirmed: FTE of permanent social workers "
        "leaving in the year to 30 September over FTE of permanent social workers in post at 30 "
        "September.",
    ),
)
def _turnover(s: Sources, p: Params) -> ir.Table:
    w = _staff(s, p)
    w = w.filter(w.agency == "0")
    left = in_window(w.leaving, p)
    w = w.filter(left | _in_post(w, p))
    return _staff_units(w, ibis.ifelse(left, w.fte, 0.0), ibis.ifelse(left, 0.0, w.fte))


@workforce_measure(
    id="sickness_pct",
    code="W05",
    name="Social worker sickness absence rate",
    definition="Working days lost to sickness by permanent social workers in post, as a share "
    "of the working days available to them in the year (FTE × working days in the 12 months "
    "to 30 September, bank holidays excluded).",
    numerator="Sickness days of permanent social workers in post",
    denominator="Their FTE × working days in the year to 30 September",
    population="Permanent social workers in post",
    fields=("SicknessDays", "FTE"),
    follows="DfE Children's social work workforce: sickness absence rate (available days "
    "taken as the year's working days; DfE's fixed figure not confirmed)",
    tables=("wf_staff",),
    unit=Unit.PERCENT,
    polarity=Polarity.DOWN,
    notes=(
        "Reviewed against the DfE definition (2026): DfE's fixed number of available days is not "
        "confirmed; Thrive uses the working days in the year to 30 September.",
    ),
)
def _sickness(s: Sources, p: Params) -> ir.Table:
    w = _staff(s, p)
    w = w.filter(_in_post(w, p) & (w.agency == "0"))
    available = p.working_days_in_window()
    return _staff_units(w, w.sickness, w.fte * available)


@workforce_measure(
    id="agency_cover_pct",
    code="W06",
    name="Vacancies covered by agency workers",
    definition="Of the vacant social worker FTE, the share covered by agency workers.",
    numerator="FTE of vacancies covered by agency workers at 30 September",
    denominator="Vacant FTE at 30 September",
    population="Social worker vacancies",
    fields=("CoveredByAgencyFTE", "VacantFTE"),
    follows="DfE Children's social work workforce: vacancies covered by agency workers",
    tables=("wf_vacancies",),
    unit=Unit.PERCENT,
    polarity=Polarity.CONTEXT,
    notes=(
        "Reviewed against the DfE definition (2026): confirmed: vacant FTE covered by agency "
        "workers over vacant FTE.",
    ),
)
def _agency_cover(s: Sources, p: Params) -> ir.Table:
    v = s["wf_vacancies"]
    v = v.filter(v._year == p.year)
    return units(v, subject="Vacancy", num=v.agency_fte, den=v.vacant_fte, team=v.team)
