"""The improvement plan: plan → priority → action → milestone, with owners, updates, evidence.

Delivery and impact RAG are computed (see `thrive.plans.rag` and `thrive.plans.impact`), never
typed in; a person can override either, but only with a reason, and the override is recorded in
the action's history.
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from thrive.councils.models import CouncilOwned


class Rag(models.TextChoices):
    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"
    NONE = "", "Not yet known"


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    ACTIVE = "active", "Active"
    CLOSED = "closed", "Closed"


class Plan(CouncilOwned):
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    status = models.CharField(max_length=16, choices=PlanStatus.choices, default=PlanStatus.ACTIVE)
    start_date = models.DateField(null=True, blank=True)
    inspection = models.ForeignKey(
        "inspections.Inspection",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plans",
        help_text="The inspection the plan responds to",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class Priority(CouncilOwned):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="priorities")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["plan", "number"]
        verbose_name_plural = "priorities"
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["plan", "number"], name="one_priority_per_number")
        ]

    def __str__(self) -> str:
        return f"Priority {self.number}: {self.title}"


class Owner(CouncilOwned):
    """Someone who owns actions: a council officer or a partner (police, health, schools...).

    `user` links the owner to a Thrive account, so they can update the actions they own.
    """

    name = models.CharField(max_length=120)
    organisation = models.CharField(max_length=120)
    job_title = models.CharField(max_length=120, blank=True)
    email = models.EmailField(blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plan_owners",
    )
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["name"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["council", "name", "organisation"], name="one_owner_per_name_and_org"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})"


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    BLOCKED = "blocked", "Blocked"
    COMPLETE = "complete", "Complete"
    CLOSED = "closed", "Closed without completion"


class SourceType(models.TextChoices):
    INSPECTION_RECOMMENDATION = "inspection_recommendation", "Ofsted recommendation"
    ADVISER_RECOMMENDATION = "adviser_recommendation", "Commissioner or adviser recommendation"
    PRIORITY_ACTION = "priority_action", "Area for priority action"
    BOARD_DECISION = "board_decision", "Board decision or action log"
    AUDIT_THEME = "audit_theme", "Audit theme"
    FEEDBACK = "feedback", "Feedback from children, families or staff"
    SELF_EVALUATION = "self_evaluation", "Council's own self-evaluation"


class Action(CouncilOwned):
    priority = models.ForeignKey(Priority, on_delete=models.PROTECT, related_name="actions")
    ref = models.CharField("Reference", max_length=20, help_text="For example 1.3")
    title = models.CharField("Action", max_length=500)
    description = models.TextField(blank=True)
    success_measure = models.TextField(
        "What will be different for children", blank=True, help_text="How we will know it worked"
    )
    owner = models.ForeignKey(
        Owner, on_delete=models.PROTECT, null=True, blank=True, related_name="actions"
    )
    start_date = models.DateField()
    due_date = models.DateField()
    revised_due_date = models.DateField(null=True, blank=True)
    revised_reason = models.CharField(max_length=500, blank=True)
    status = models.CharField(
        max_length=16, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED
    )
    completed_on = models.DateField(null=True, blank=True)
    # Where the action came from; the link is kept (see plans/services.py).
    source_type = models.CharField(max_length=32, choices=SourceType.choices, blank=True)
    source_id = models.CharField(max_length=64, blank=True)
    source_text = models.TextField(blank=True, help_text="The source's words, verbatim")
    recommendation = models.ForeignKey(
        "inspections.Recommendation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
    )
    measure_ids = models.JSONField(
        default=list, blank=True, help_text="Ids of measures that show the action's impact"
    )
    delivery_override = models.CharField(max_length=8, choices=Rag.choices, blank=True)
    delivery_override_reason = models.CharField(max_length=500, blank=True)
    impact_override = models.CharField(max_length=8, choices=Rag.choices, blank=True)
    impact_override_reason = models.CharField(max_length=500, blank=True)
    version = models.PositiveIntegerField(default=1, help_text="Optimistic lock")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["priority__number", "ref", "id"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["council", "ref"], name="one_action_per_ref")
        ]

    def __str__(self) -> str:
        return f"{self.ref} {self.title[:60]}"

    @property
    def effective_due_date(self) -> date:
        return self.revised_due_date or self.due_date

    @property
    def is_open(self) -> bool:
        return self.status not in {ActionStatus.COMPLETE, ActionStatus.CLOSED}


class Milestone(CouncilOwned):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(max_length=300)
    due_date = models.DateField()
    completed_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["due_date", "id"]

    def __str__(self) -> str:
        return self.title


class ProgressUpdate(CouncilOwned):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    update_date = models.DateField()
    text = models.TextField()
    status_after = models.CharField(max_length=16, choices=ActionStatus.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["-update_date", "-id"]

    def __str__(self) -> str:
        return f"Update {self.update_date} on {self.action.ref}"


def evidence_path(instance: Evidence, filename: str) -> str:
    # Files live under MEDIA_ROOT per council, never mixed across tenants.
    return f"councils/{instance.council.la_number}/plans/evidence/{filename}"


class Evidence(CouncilOwned):
    update = models.ForeignKey(ProgressUpdate, on_delete=models.CASCADE, related_name="evidence")
    title = models.CharField(max_length=200)
    file = models.FileField(upload_to=evidence_path, blank=True)
    link = models.URLField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["id"]
        verbose_name_plural = "evidence"

    def __str__(self) -> str:
        return self.title
