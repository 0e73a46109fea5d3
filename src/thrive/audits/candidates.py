"""Candidate cases for sampling from the council's current Ofsted Annex A return.

Annex A lists carry each child's allocated team and worker, which sampling needs. The returns
app stores the worker as a keyed pseudonym; before sampling, any pseudonym that matches a council
member (their username or full name, pseudonymised with the council's key) is replaced by that
member's username, so the "never audit your own case" rule and "see audits of your own cases"
work for data from returns exactly as for uploaded case lists.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from thrive.audits.sampling import SamplingError
from thrive.councils.models import Council, Membership


@dataclass(frozen=True)
class AnnexSource:
    table: str
    label: str
    columns: dict[str, str]  # Annex A column → candidate column


_IDENTITY = {"Child Unique ID": "child_id", "Allocated Team": "team", "Allocated Worker": "worker"}

ANNEX_A_SOURCES: dict[str, AnnexSource] = {
    source.table: source
    for source in (
        AnnexSource("list_6", "Children in need (Annex A list 6)", dict(_IDENTITY)),
        AnnexSource(
            "list_7",
            "Child protection (Annex A list 7)",
            {**_IDENTITY, "Child Protection Plan Start Date": "cp_plan_start_date"},
        ),
        AnnexSource("list_8", "Children in care (Annex A list 8)", dict(_IDENTITY)),
        AnnexSource(
            "list_9",
            "Care leavers (Annex A list 9)",
            {**_IDENTITY, "Activity Status": "care_leaver_activity"},
        ),
    )
}

ERROR_NO_ANNEX_A = "No Annex A return has been loaded for this council yet: upload a case list"
ERROR_NO_LIST = "The current Annex A return has no {label}"


def member_aliases(*, council: Council) -> dict[str, str]:
    """Pseudonyms (and plain names) of the council's members → their usernames."""
    from thrive.returns.selectors import council_pseudonymiser

    pseudonym = council_pseudonymiser(council=council)
    aliases: dict[str, str] = {}
    for membership in Membership.objects.filter(council=council).select_related("user"):
        user = membership.user
        for name in {user.username, user.get_full_name().strip()} - {""}:
            aliases[name.casefold()] = user.username
            if pseudonym is not None:
                aliases[pseudonym(name)] = user.username
    return aliases


def annex_a_candidates(*, council: Council, table: str) -> tuple[pl.DataFrame, str, str]:
    """Candidate cases from the latest current Annex A list: (frame, source label, sha256).

    Raises:
        SamplingError: no Annex A loaded, or the list is not in it.
    """
    from thrive.returns.selectors import current_submission, submission_table

    source = ANNEX_A_SOURCES[table]
    submission = current_submission(council=council, return_id="annexa")
    if submission is None:
        raise SamplingError(ERROR_NO_ANNEX_A)
    stored = submission_table(submission=submission, table=table)
    if stored is None:
        raise SamplingError(ERROR_NO_LIST.format(label=source.label))
    frame = stored.collect()
    present = {name: target for name, target in source.columns.items() if name in frame.columns}
    frame = frame.select([pl.col(name).alias(target) for name, target in present.items()])
    for column in ("child_id", "team", "worker"):
        if column not in frame.columns:
            frame = frame.with_columns(pl.lit("").alias(column))
        frame = frame.with_columns(pl.col(column).cast(pl.Utf8).fill_null(""))
    if "cp_plan_start_date" in frame.columns:
        frame = frame.with_columns(pl.col("cp_plan_start_date").cast(pl.Date, strict=False))
    aliases = member_aliases(council=council)
    frame = frame.filter(pl.col("child_id") != "").with_columns(
        pl.col("worker").map_elements(
            lambda worker: aliases.get(worker, aliases.get(worker.casefold(), worker)),
            return_dtype=pl.Utf8,
        )
    )
    year = submission.collection_year
    label = f"{source.label}, {year - 1}/{str(year)[-2:]} version {submission.version}"
    return frame, label, submission.content_hash
