"""Stored measure results, so pages render from the database, and per-council targets.

A recompute (after each ingest) writes one `MeasureValue` per measure, period and breakdown.
`measure_id` is the id in the `thrive.metrics` registry (e.g. "cla_rate_per_10k").
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from simple_history.models import HistoricalRecords

from thrive.councils.models import CouncilOwned


class Rag(models.TextChoices):
    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"
    NONE = "", "No target"


class SpcSignal(models.TextChoices):
    """Statistical process control: is a change real or noise ("Making Data Count")."""

    IMPROVING = "improving", "Special cause: improvement"
    CONCERN = "concern", "Special cause: concern"
    COMMON = "common", "Common cause: no significant change"
    NONE = "", "Not enough data"


class MeasureValue(CouncilOwned):
    period = models.CharField(max_length=7, help_text="YYYY-MM of the period's last month")
    period_type = models.CharField(max_length=16, help_text="month, year or rolling12")
    measure_id = models.CharField(max_length=64)
    breakdown = models.CharField(max_length=32, blank=True, help_text="blank = all children")
    breakdown_value = models.CharField(max_length=64, blank=True)
    numerator = models.FloatField(null=True)
    denominator = models.FloatField(null=True)
    value = models.FloatField(null=True, help_text="null = no data (e.g. zero denominator)")
    rag = models.CharField(max_length=8, choices=Rag.choices, blank=True)
    spc_signal = models.CharField(max_length=16, choices=SpcSignal.choices, blank=True)
    computed_at = models.DateTimeField(auto_now=True)
    source_version = models.CharField(max_length=64, blank=True)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=[
                    "council",
                    "measure_id",
                    "period_type",
                    "period",
                    "breakdown",
                    "breakdown_value",
                ],
                name="one_value_per_measure_period_breakdown",
            )
        ]
        indexes: ClassVar = [models.Index(fields=["council", "measure_id", "period_type"])]

    def __str__(self) -> str:
        return f"{self.measure_id} {self.period}: {self.value}"


class MeasureTarget(CouncilOwned):
    measure_id = models.CharField(max_length=64)
    target = models.FloatField()
    tolerance = models.FloatField(
        default=0, help_text="How far the wrong side of target is still amber, in the unit"
    )
    set_by = models.CharField(max_length=150, blank=True)
    reason = models.CharField(max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["council", "measure_id"], name="one_target_per_measure")
        ]

    def __str__(self) -> str:
        return f"{self.measure_id} target {self.target}"
