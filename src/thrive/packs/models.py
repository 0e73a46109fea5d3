"""Packs: dated, versioned documents (board pack, DfE update, evidence pack, SEF, briefing).

A draft pack shows live figures and takes the author's commentary per section. Issuing it
freezes everything: the figures are stored as a snapshot, the PDF is rendered once and stored
with its SHA-256, and an issued pack never changes (a new pack for the same month is a new
version).
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from thrive.councils.models import CouncilOwned


class PackKind(models.TextChoices):
    BOARD = "board", "Improvement Board pack"
    DFE_UPDATE = "dfe", "DfE progress update"
    MEMBERS = "members", "Members' briefing"
    EVIDENCE = "evidence", "Monitoring-visit evidence pack"
    SELF_EVALUATION = "self-evaluation", "Self-evaluation draft"


class PackStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    ISSUED = "issued", "Issued"


class Pack(CouncilOwned):
    kind = models.CharField(max_length=16, choices=PackKind.choices, default=PackKind.BOARD)
    title = models.CharField(max_length=200)
    as_at = models.DateField(help_text="The figures are those known on this day")
    # The theme of an evidence pack: a priority of the improvement plan (see docs/packs.md).
    priority = models.ForeignKey(
        "plans.Priority",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The theme of a monitoring-visit evidence pack",
    )
    version = models.PositiveIntegerField(default=1)
    status = models.CharField(max_length=8, choices=PackStatus.choices, default=PackStatus.DRAFT)
    snapshot = models.JSONField(default=dict, blank=True, help_text="Figures frozen at issue")
    pdf_path = models.CharField(max_length=300, blank=True, help_text="relative to THRIVE_DATA_DIR")
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    issued_at = models.DateTimeField(null=True, blank=True)
    revision = models.PositiveIntegerField(default=1, help_text="Optimistic lock")
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["-as_at", "-version"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["council", "kind", "as_at", "version"], name="pack_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} (version {self.version})"

    @property
    def is_issued(self) -> bool:
        return self.status == PackStatus.ISSUED


class PackSection(CouncilOwned):
    """The author's commentary on one section of a pack."""

    pack = models.ForeignKey(Pack, on_delete=models.CASCADE, related_name="sections")
    key = models.CharField(max_length=40)
    commentary = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["pack", "key"], name="pack_section_unique")
        ]
