"""Reads of uploads, submissions and their stored tables."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import polars as pl
from django.db.models import QuerySet

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
    from thrive.returns.pseudonymise import council_key, pseudonym

    path = storage.key_path(council)
    if not path.exists():
        return None
    key = council_key(path)
    return lambda value: pseudonym(key, value)


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
        findings = findings.filter(child=child.strip())
    return findings
