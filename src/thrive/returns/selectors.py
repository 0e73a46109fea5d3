"""Reads of uploads, submissions and their stored tables."""

from __future__ import annotations

from pathlib import Path

from django.db.models import QuerySet

from thrive.councils.models import Council
from thrive.returns import storage
from thrive.returns.models import Submission, Upload, ValidationFinding


def current_return_tables(*, council: Council, return_id: str) -> dict[int, dict[str, Path]]:
    """The current version of each collection year: {year: {table name: Parquet path}}."""
    result: dict[int, dict[str, Path]] = {}
    current = Submission.objects.for_council(council).filter(return_type=return_id, is_current=True)
    for submission in current.order_by("collection_year"):
        folder = storage.absolute(submission.storage_dir)
        result[submission.collection_year] = {
            table: folder / f"{table}.parquet" for table in submission.tables
        }
    return result


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
