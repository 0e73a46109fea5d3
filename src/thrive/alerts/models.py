"""Early-warning alerts: a measure whose latest month shows an unfavourable special cause or
has just crossed its target (turned red). One alert per council, measure and period."""

from __future__ import annotations

from functools import cache
from typing import ClassVar

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from thrive.councils.models import CouncilOwned
from thrive.metrics.registry import measures


@cache
def measure_names() -> dict[str, str]:
    """Measure id → its name in the registry."""
    return {m.id: m.name for m in measures()}


class AlertStatus(models.TextChoices):
    OPEN = "open", "Open"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"


class Alert(CouncilOwned):
    measure_id = models.CharField(max_length=64)
    period = models.CharField(max_length=7, help_text="YYYY-MM of the month that raised it")
    special_cause = models.BooleanField(
        default=False, help_text="The latest month shows special cause variation of concern"
    )
    turned_red = models.BooleanField(
        default=False, help_text="The latest month is red against target; the month before was not"
    )
    value = models.FloatField(null=True)
    previous_value = models.FloatField(null=True)
    target = models.FloatField(null=True)
    raised_at = models.DateTimeField(auto_now_add=True)
    recipients = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    status = models.CharField(max_length=16, choices=AlertStatus.choices, default=AlertStatus.OPEN)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.TextField(blank=True, help_text="What is being done about it")
    version = models.PositiveIntegerField(default=1, help_text="Optimistic lock")
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["-period", "measure_id"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["council", "measure_id", "period"], name="one_alert_per_measure_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.measure_id} {self.period}"

    @property
    def measure_name(self) -> str:
        return measure_names().get(self.measure_id, self.measure_id)

    @property
    def is_open(self) -> bool:
        return self.status == AlertStatus.OPEN

    @property
    def reasons(self) -> list[str]:
        """Plain-language reasons, so nothing relies on colour."""
        found = []
        if self.special_cause:
            found.append("Special cause: concern (the change is unlikely to be chance)")
        if self.turned_red:
            found.append("Turned red against its target")
        return found
