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
    NEITHER = "neither", "Special cause: neither better nor worse (context measure)"
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
    # Optimistic locking (issue 15): the target form carries the version it was loaded with.
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["council", "measure_id"], name="one_target_per_measure")
        ]

    def __str__(self) -> str:
        return f"{self.measure_id} target {self.target}"


class Population(CouncilOwned):
    """Children aged 0–17 in the council's area for a collection year: the denominator of every
    rate per 10,000. Real councils: estimated from DfE's published CLA count and rate;
    fictional ones: the generator's figure or a value the analyst sets."""

    class Source(models.TextChoices):
        PUBLISHED_ESTIMATE = "published_estimate", "Estimate from DfE published count ÷ rate"
        GENERATOR = "generator", "Synthetic council generator"
        ANALYST = "analyst", "Set by an analyst"

    year = models.PositiveIntegerField(help_text="Collection year (2026 = year to 31 March 2026)")
    population = models.FloatField(help_text="Children aged 0–17")
    source = models.CharField(max_length=24, choices=Source.choices)
    note = models.CharField(max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["council", "year"], name="one_population_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.population:.0f} ({self.get_source_display()})"


class RecomputeRun(CouncilOwned):
    """One recompute of a council's measures: when, from which return versions, and outcome."""

    class Status(models.TextChoices):
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    started_at = models.DateTimeField(auto_now_add=True)
    seconds = models.FloatField(default=0)
    status = models.CharField(max_length=8, choices=Status.choices)
    values_written = models.PositiveIntegerField(default=0)
    source_version = models.CharField(max_length=64, blank=True)
    message = models.CharField(max_length=300, blank=True)
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M} {self.status}"
