"""Reads of uploads, submissions and their stored tables."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import polars as pl
from django.db.models import Min, QuerySet

from thrive.councils.models import Council
from thrive.returns import storage
from thrive.returns.models import Submission, Upload, ValidationFinding


def current_return_tables(*, council: Council, return_id: str) -> dict[int, dict[str, Path]]:
    """The current version of each collection year: {year: {table name: Parquet path}}."""
    result: dict[int, dict[str, Path]] = {}
    current = Submission.objects.for_council(council).filter(return_type=return_id, is_current=True)
    for submission in current.order_by("collection_year"):
        result[submission.collection_year] = {
            table: storage.table_path(submission.storage_dir, table) for table in submission.tables
        }
    return result


def current_submission(
    *, council: Council, return_id: str, year: int | None = None
) -> Submission | None:
    """The current version of one return for a collection year (default: the latest year)."""
    current = Submission.objects.for_council(council).filter(return_type=return_id, is_current=True)
    if year is not None:
        current = current.filter(collection_year=year)
    return current.order_by("-collection_year").first()


def submission_table(*, submission: Submission, table: str) -> pl.LazyFrame | None:
    """One stored table of a version (pseudonymised ids), or None when it has no such table."""
    return storage.table_read(submission.storage_dir, table)


def council_pseudonymiser(*, council: Council) -> Callable[[str], str] | None:
    """The council's pseudonym function (as ingest applies it), or None before its first ingest."""
    path = storage.key_path(council)
    return council_pseudonymiser_made(council=council) if path.exists() else None


def council_pseudonymiser_made(*, council: Council) -> Callable[[str], str]:
    """The council's pseudonym function, its key made on first use (as ingest makes it), for
    anything that stores an identifier (findings, the access log)."""
    from thrive.returns.pseudonymise import council_key, pseudonym

    key = council_key(storage.key_path(council))
    return lambda value: pseudonym(key, value)


def stored_child_ids(*, council: Council, child_ids: Sequence[str]) -> list[str]:
    """Child identifiers as Thrive stores them, in the same order: the council's pseudonyms.

    An identifier typed or uploaded by a person (an audit case added by hand, a list of cases)
    is pseudonymised as the returns are; one that is already a pseudonym is kept; a blank stays
    blank."""
    from thrive.returns.pseudonymise import is_pseudonym

    values = [str(child).strip() for child in child_ids]
    if all(not value or is_pseudonym(value) for value in values):
        return values
    made = council_pseudonymiser_made(council=council)
    return [value if not value or is_pseudonym(value) else made(value) for value in values]


def submission_list(*, council: Council) -> QuerySet[Submission]:
    return Submission.objects.for_council(council).select_related("upload__uploaded_by")


def current_submission_list(*, council: Council) -> QuerySet[Submission]:
    return submission_list(council=council).filter(is_current=True)


def upload_list(*, council: Council) -> QuerySet[Upload]:
    return Upload.objects.for_council(council).select_related("uploaded_by")


def finding_list(
    *, upload: Upload, severity: str = "", rule: str = "", file: str = "", child: str = ""
) -> QuerySet[ValidationFinding]:
    findings = ValidationFinding.objects.filter(upload=upload)
    if severity:
        findings = findings.filter(severity=severity)
    if rule:
        findings = findings.filter(rule=rule)
    if file:
        findings = findings.filter(file=file)
    if child:
        # Findings hold pseudonyms; an analyst searches with the id from their own system.
        wanted = {child.strip()}
        pseudonymiser = council_pseudonymiser(council=upload.council)
        if pseudonymiser is not None:
            wanted.add(pseudonymiser(child.strip()))
        findings = findings.filter(child__in=wanted)
    return findings


@dataclass(frozen=True)
class DataProtectionSummary:
    """What a council's data-protection page states about its own data, counted live."""

    retention_days: int
    uploads: int
    uploads_with_files: int
    oldest_kept: dt.datetime | None
    versions: int
    findings: int
    access_log_entries: int
    key_made: bool
    roles: list[tuple[str, bool, bool, bool]]
    """(role label, sees children's records, downloads them, reads the access log)."""


def data_protection_summary(*, council: Council) -> DataProtectionSummary:
    from django.conf import settings

    from thrive.councils.models import AccessLogEntry
    from thrive.councils.roles import Action, Role, role_allows

    uploads = Upload.objects.for_council(council)
    kept = uploads.filter(files_deleted_at__isnull=True).exclude(storage_dir="")
    return DataProtectionSummary(
        retention_days=settings.THRIVE_UPLOAD_RETENTION_DAYS,
        uploads=uploads.count(),
        uploads_with_files=kept.count(),
        oldest_kept=kept.aggregate(oldest=Min("uploaded_at"))["oldest"],
        versions=Submission.objects.for_council(council).count(),
        findings=ValidationFinding.objects.for_council(council).count(),
        access_log_entries=AccessLogEntry.objects.filter(council=council).count(),
        key_made=storage.key_path(council).exists(),
        roles=[
            (
                str(role.label),
                role_allows(role, Action.VIEW_CHILD_LEVEL),
                role_allows(role, Action.EXPORT_CHILD_LEVEL),
                role_allows(role, Action.VIEW_ACCESS_LOG),
            )
            for role in Role
        ],
    )
