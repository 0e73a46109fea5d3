"""Writes for audit programmes: creating one, drawing its sample, adding and reassigning cases."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

import polars as pl
from django.db import transaction

from thrive.audits import sampling
from thrive.audits.errors import (
    ERROR_DUPLICATE_CHILD,
    ERROR_NO_AUDITORS,
    ERROR_NOT_EDITABLE,
    ERROR_OWN_CASE,
    ERROR_TOOL_EMPTY,
    ERROR_UNASSIGNABLE,
    AuditError,
)
from thrive.audits.models import (
    Audit,
    AuditProgramme,
    AuditQuestion,
    AuditSample,
    AuditTool,
    LearningTheme,
)
from thrive.councils.models import Council
from thrive.returns.selectors import stored_child_ids

# --- Programmes and sampling -----------------------------------------------------------------


@transaction.atomic
def audit_programme_create(
    *,
    council: Council,
    name: str,
    kind: str,
    scope: str,
    period_start: date,
    period_end: date,
    tool: AuditTool,
    moderation_share: int,
    themes: Iterable[LearningTheme],
    created_by: Any,
) -> AuditProgramme:
    if not AuditQuestion.objects.filter(section__version=tool.current_version).exists():
        raise AuditError(ERROR_TOOL_EMPTY)
    programme = AuditProgramme.objects.create(
        council=council,
        name=name,
        kind=kind,
        scope=scope,
        period_start=period_start,
        period_end=period_end,
        tool=tool,
        moderation_share=moderation_share,
        created_by=created_by,
    )
    programme.themes.set(list(themes))
    return programme


def _facts(row: dict[str, Any]) -> dict[str, str]:
    skip = {"child_id", "team", "worker"}
    return {
        key: ("" if value is None else str(value)) for key, value in row.items() if key not in skip
    }


@transaction.atomic
def audit_sample_draw(
    *,
    programme: AuditProgramme,
    cases: pl.DataFrame,
    source: str,
    source_sha256: str,
    method: str,
    size: int,
    seed: int,
    rule: str,
    rule_parameter: int | None,
    as_of: date,
    auditors: Sequence[Any],
    drawn_by: Any,
) -> AuditSample:
    """Draw a sample into the programme and assign auditors (never a case's own worker).

    Children already in the programme are not drawn again. All or nothing.

    Raises:
        sampling.SamplingError: the sample cannot be drawn.
        AuditError: no auditors, or a case could only go to its own worker.
    """
    if not auditors:
        raise AuditError(ERROR_NO_AUDITORS)
    # An uploaded list may carry the ids of the council's case system: stored as pseudonyms.
    stored = stored_child_ids(
        council=programme.council, child_ids=[str(c) for c in cases.get_column("child_id")]
    )
    cases = cases.with_columns(pl.Series("child_id", stored, dtype=pl.String))
    already = list(programme.audits.values_list("child_id", flat=True))
    if already:
        cases = cases.filter(~pl.col("child_id").is_in(already))
    drawn = sampling.draw_sample(
        cases,
        size=size,
        seed=seed,
        method=method,
        rule=rule,
        rule_parameter=rule_parameter,
        as_of=as_of,
    )
    by_username = {auditor.username: auditor for auditor in auditors}
    rows = list(drawn.cases.iter_rows(named=True))
    assignment = sampling.assign_auditors(
        [(str(row["child_id"]), str(row["worker"])) for row in rows], list(by_username)
    )
    stuck = [child for child, auditor in assignment.items() if auditor is None]
    if stuck:
        raise AuditError(ERROR_UNASSIGNABLE.format(children=", ".join(stuck)))
    sample = AuditSample.objects.create(
        council=programme.council,
        programme=programme,
        method=drawn.method,
        rule=drawn.rule,
        rule_parameter=drawn.rule_parameter,
        size=drawn.size,
        seed=seed,
        as_of=as_of,
        source=source[:200],
        source_sha256=source_sha256,
        candidate_count=drawn.candidate_count,
        eligible_count=drawn.eligible_count,
        strata=drawn.strata,
        drawn_by=drawn_by,
    )
    version = programme.tool.current_version
    for row in rows:
        child = str(row["child_id"])
        auditor_name = assignment[child]
        assert auditor_name is not None
        Audit.objects.create(
            council=programme.council,
            programme=programme,
            sample=sample,
            tool_version=version,
            child_id=child,
            team=str(row["team"]),
            worker=str(row["worker"]),
            case_facts=_facts(row),
            auditor=by_username[auditor_name],
        )
    return sample


@transaction.atomic
def audit_add_manual(
    *,
    programme: AuditProgramme,
    child_id: str,
    team: str,
    worker: str,
    reason: str,
    auditor: Any,
) -> Audit:
    if auditor.username.casefold() == worker.strip().casefold():
        raise AuditError(ERROR_OWN_CASE)
    # The id typed from the case system is kept as the council's pseudonym, as the returns are.
    (child_id,) = stored_child_ids(council=programme.council, child_ids=[child_id])
    if programme.audits.filter(child_id=child_id).exists():
        raise AuditError(ERROR_DUPLICATE_CHILD)
    return Audit.objects.create(
        council=programme.council,
        programme=programme,
        tool_version=programme.tool.current_version,
        child_id=child_id,
        team=team.strip(),
        worker=worker.strip(),
        auditor=auditor,
        added_manually=True,
        manual_reason=reason,
    )


@transaction.atomic
def audit_reassign(*, audit: Audit, auditor: Any) -> Audit:
    """Give an unsubmitted audit to another auditor (never the case's own worker)."""
    audit = Audit.objects.select_for_update().get(pk=audit.pk)
    if audit.submitted_at is not None:
        raise AuditError(ERROR_NOT_EDITABLE)
    if auditor.username.casefold() == audit.worker.casefold():
        raise AuditError(ERROR_OWN_CASE)
    audit.auditor = auditor
    audit.save(update_fields=["auditor"])
    return audit
