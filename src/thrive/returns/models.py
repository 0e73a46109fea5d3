"""Uploads of statutory return files, and the versioned submissions they create.

An `Upload` is what an analyst sent (files kept in the council's private storage until the
retention period ends, `THRIVE_UPLOAD_RETENTION_DAYS`, then deleted) and what validation found.
The files are the only place a raw child identifier is kept: findings, versions and the access
log hold the council's pseudonyms. A readable upload creates one `Submission`
per return and collection year: a new version whose typed, pseudonymised tables are stored as
Parquet. Exactly one version per (council, return, year) is current.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from thrive.councils.models import CouncilOwned


class ReturnType(models.TextChoices):
    SSDA903 = "ssda903", "SSDA903 (children looked after)"
    CIN = "cin", "CIN census (children in need)"
    ANNEXA = "annexa", "Ofsted Annex A"
    WORKFORCE = "workforce", "Workforce"


class Upload(CouncilOwned):
    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to be checked"
        RUNNING = "running", "Being checked"
        INGESTED = "ingested", "Checked and loaded as a new version"
        UNCHANGED = "unchanged", "Checked: identical to the current version, nothing new loaded"
        REJECTED = "rejected", "Not loaded: a file could not be read"
        FAILED = "failed", "Not loaded: something went wrong"

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0, help_text="percent")
    progress_detail = models.CharField(max_length=200, blank=True)
    files = models.JSONField(default=list, help_text="[{name, size, sha256}]")
    storage_dir = models.CharField(max_length=300, help_text="relative to THRIVE_DATA_DIR")
    rows_checked = models.PositiveIntegerField(default=0)
    seconds = models.FloatField(null=True)
    error_count = models.PositiveIntegerField(default=0)
    warning_count = models.PositiveIntegerField(default=0)
    query_count = models.PositiveIntegerField(default=0)
    unreadable_count = models.PositiveIntegerField(default=0)
    failure_message = models.CharField(max_length=500, blank=True)
    files_deleted_at = models.DateTimeField(
        null=True, blank=True, help_text="when the uploaded files were deleted (retention)"
    )
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["-uploaded_at", "-id"]

    def __str__(self) -> str:
        return f"Upload {self.pk} ({self.get_status_display()})"


class Submission(CouncilOwned):
    """One version of one return for one collection year."""

    upload = models.ForeignKey(Upload, on_delete=models.PROTECT, related_name="submissions")
    return_type = models.CharField(max_length=16, choices=ReturnType.choices)
    collection_year = models.PositiveSmallIntegerField(help_text="end year: 2025 = 2024/25")
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(
        null=True,
        blank=True,
        help_text="The last day the version covers; for Annex A, the day it was extracted",
    )
    version = models.PositiveIntegerField()
    is_current = models.BooleanField(default=True)
    content_hash = models.CharField(max_length=64)
    storage_dir = models.CharField(max_length=300, help_text="relative to THRIVE_DATA_DIR")
    tables = models.JSONField(default=dict, help_text="{table: rows}")
    rows = models.PositiveIntegerField(default=0)
    error_count = models.PositiveIntegerField(default=0)
    warning_count = models.PositiveIntegerField(default=0)
    query_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["return_type", "-collection_year", "-version"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["council", "return_type", "collection_year", "version"],
                name="unique_submission_version",
            ),
            models.UniqueConstraint(
                fields=["council", "return_type", "collection_year"],
                condition=models.Q(is_current=True),
                name="one_current_submission",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_return_type_display()} {self.year_label} v{self.version}"

    @property
    def year_label(self) -> str:
        if self.return_type == ReturnType.WORKFORCE:
            return f"census 30 September {self.collection_year}"
        year = f"{self.collection_year - 1}/{str(self.collection_year)[-2:]}"
        if self.return_type == ReturnType.ANNEXA and self.period_end is not None:
            # Annex A is an inspection-time extract: its date is what the version is.
            return f"extracted {self.period_end:%-d %B %Y} ({year})"
        return year


class ValidationFinding(CouncilOwned):
    """One validation issue of an upload, where the analyst fixes it: file, row and fields.

    `child` is the council's pseudonym of the child (or staff) identifier, as the stored
    versions hold it; the raw identifier stays in the uploaded file, found by `file` and `row`.
    """

    upload = models.ForeignKey(Upload, on_delete=models.CASCADE, related_name="findings")
    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="findings", null=True
    )
    rule = models.CharField(max_length=32, db_index=True)
    severity = models.CharField(max_length=8)
    return_type = models.CharField(max_length=16, blank=True)
    file = models.CharField(max_length=255, blank=True)
    table = models.CharField(max_length=64, blank=True)
    row = models.PositiveIntegerField(null=True)
    child = models.CharField(max_length=64, blank=True, help_text="pseudonymised identifier")
    fields = models.JSONField(default=list)
    columns = models.JSONField(default=list)
    message = models.TextField()
    unreadable = models.BooleanField(default=False)

    class Meta:
        ordering: ClassVar = ["file", "row", "rule", "id"]
        indexes: ClassVar = [models.Index(fields=["upload", "severity"])]

    def __str__(self) -> str:
        return f"{self.rule} {self.file}:{self.row}"
