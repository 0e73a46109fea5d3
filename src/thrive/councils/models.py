"""Councils (tenants), memberships and the append-only access log."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from thrive.councils.roles import Role


class Council(models.Model):
    """A local authority using Thrive: the tenant that owns every piece of its data."""

    la_number = models.CharField(
        "DfE LA number", max_length=4, unique=True, help_text="For example 887; 990–999 fictional"
    )
    name = models.CharField(max_length=120)
    ons_code = models.CharField("ONS code", max_length=9, blank=True)
    region = models.CharField(max_length=60, blank=True)
    statistical_neighbours = models.JSONField(
        default=list, blank=True, help_text="DfE LA numbers of its statistical neighbours"
    )
    is_fictional = models.BooleanField(default=False)
    regional_benchmarking_consent = models.BooleanField(
        default=False, help_text="Share aggregate measures with regional analysts"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.la_number})"


class CouncilScopedQuerySet(models.QuerySet[Any]):
    def for_council(self, council: Council) -> CouncilScopedQuerySet:
        return self.filter(council=council)


class CouncilOwned(models.Model):
    """Base for every tenant-owned model: a council foreign key and the scoped manager.

    Views never filter by council themselves; they call `Model.objects.for_council(council)`
    through `thrive.councils.scoping`.
    """

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="+")

    objects = CouncilScopedQuerySet.as_manager()

    class Meta:
        abstract = True


class Membership(models.Model):
    """A person's role in one council."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=32, choices=Role.choices)
    job_title = models.CharField(max_length=120, blank=True)
    team = models.CharField(max_length=120, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["user", "council"], name="one_role_per_council")
        ]
        ordering: ClassVar = ["council__name"]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} at {self.council}"


class AppendOnlyError(Exception):
    """Raised on any attempt to change or delete access-log rows."""


class AccessLogQuerySet(models.QuerySet["AccessLogEntry"]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("The access log is append-only; rows cannot be changed.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("The access log is append-only; rows cannot be deleted.")


class AccessLogEntry(models.Model):
    """Who saw or exported which children's data, when, from where and why."""

    class Kind(models.TextChoices):
        VIEW = "view", "Viewed"
        EXPORT = "export", "Exported"
        DOWNLOAD = "download", "Downloaded"

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    username = models.CharField(max_length=150)
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="+", null=True)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    what = models.CharField(max_length=200, help_text="The page, export or object")
    object_ids = models.JSONField(default=list)
    child_ids = models.JSONField(default=list, help_text="Pseudonymised child identifiers")
    purpose = models.CharField(max_length=200)
    path = models.CharField(max_length=500, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    request_id = models.CharField(max_length=64, blank=True)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        ordering: ClassVar = ["-at", "-id"]
        verbose_name = "access log entry"
        verbose_name_plural = "access log"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.kind} {self.what}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnlyError("The access log is append-only; rows cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("The access log is append-only; rows cannot be deleted.")
