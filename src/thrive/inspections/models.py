"""Ofsted inspections and visits of a council, their judgements, recommendations and clocks."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from thrive.councils.models import CouncilOwned
from thrive.inspections.frameworks import FRAMEWORKS, framework_for, grade_label


class InspectionKind(models.TextChoices):
    STANDARD = "standard", "Standard inspection"
    SHORT = "short", "Short inspection"
    REINSPECTION = "reinspection", "Re-inspection"
    MONITORING_VISIT = "monitoring_visit", "Monitoring visit"
    FOCUSED_VISIT = "focused_visit", "Focused visit"
    JTAI = "jtai", "Joint targeted area inspection (JTAI)"
    ASSURANCE_VISIT = "assurance_visit", "Assurance visit"


GRADED_KINDS = {InspectionKind.STANDARD, InspectionKind.SHORT, InspectionKind.REINSPECTION}


class Inspection(CouncilOwned):
    """One inspection or visit, as Ofsted reported it."""

    kind = models.CharField(max_length=32, choices=InspectionKind.choices)
    framework = models.CharField(
        max_length=16,
        choices=[(code, f.name) for code, f in FRAMEWORKS.items()],
        help_text="The framework version the judgements were made under",
    )
    theme = models.CharField(
        max_length=200, blank=True, help_text="For focused and monitoring visits and JTAIs"
    )
    start_date = models.DateField()
    end_date = models.DateField()
    publication_date = models.DateField(null=True, blank=True)
    received_date = models.DateField(
        null=True,
        blank=True,
        help_text=(
            "The day the council received the final report or letter (before publication). "
            "Ofsted's action-plan deadlines count from this day."
        ),
    )
    report_reference = models.CharField(max_length=60, blank=True)
    report_url = models.URLField(blank=True)
    lead_inspector = models.CharField(max_length=120, blank=True)
    summary = models.TextField(blank=True, help_text="Headline findings, in Ofsted's words")
    has_priority_actions = models.BooleanField(
        default=False, help_text="The letter or report names areas for priority action"
    )
    from_reference_data = models.BooleanField(
        default=False, help_text="Loaded from the published ILACS judgements"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["-start_date", "-id"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["council", "kind", "start_date"], name="one_inspection_per_kind_and_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.start_date:%B %Y}"

    @property
    def title(self) -> str:
        theme = f": {self.theme}" if self.theme else ""
        return f"{self.get_kind_display()}, {self.start_date:%-d %B %Y}{theme}"

    @property
    def overall_grade(self) -> str:
        for judgement in self.judgements.all():
            if judgement.area == "overall":
                return judgement.grade
        return ""

    @property
    def overall_grade_label(self) -> str:
        grade = self.overall_grade
        return grade_label(grade) if grade else ""


class Judgement(CouncilOwned):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="judgements")
    area = models.CharField(max_length=40)
    grade = models.CharField(max_length=32)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["id"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["inspection", "area"], name="one_grade_per_area")
        ]

    def __str__(self) -> str:
        return f"{self.area_name}: {self.grade_label}"

    @property
    def area_name(self) -> str:
        return framework_for(self.inspection.framework).area_name(self.area)

    @property
    def grade_label(self) -> str:
        return grade_label(self.grade)


class RecommendationKind(models.TextChoices):
    RECOMMENDATION = "recommendation", "Recommendation"
    PRIORITY_ACTION = "priority_action", "Area for priority action"
    IMPROVEMENT = "improvement", "Area for improvement"


class Recommendation(CouncilOwned):
    """A recommendation kept exactly as Ofsted wrote it, with its paragraph in the report."""

    inspection = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, related_name="recommendations"
    )
    kind = models.CharField(
        max_length=20, choices=RecommendationKind.choices, default=RecommendationKind.RECOMMENDATION
    )
    number = models.PositiveSmallIntegerField(help_text="Its order in the report, from 1")
    paragraph = models.CharField(
        max_length=20, blank=True, help_text="The report paragraph it comes from, for example 12"
    )
    text = models.TextField(help_text="Verbatim, exactly as in the report")
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["inspection", "number"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["inspection", "kind", "number"], name="one_recommendation_per_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}: {self.text[:60]}"

    @property
    def short(self) -> str:
        return self.text if len(self.text) <= 90 else self.text[:87].rstrip() + "…"


class ClockKind(models.TextChoices):
    ACTION_PLAN = "action_plan", "Action plan to Ofsted (70 working days)"
    # The stored value predates the split into draft and final plans; the label is what Ofsted
    # asks for: a draft plan 20 working days after receiving the focused-visit letter.
    PRIORITY_DRAFT_PLAN = (
        "priority_action_plan",
        "Draft plan for the areas for priority action (20 working days)",
    )
    PRIORITY_FINAL_PLAN = (
        "priority_final_plan",
        "Final action plan for the areas for priority action (70 working days)",
    )
    WRITTEN_STATEMENT = "written_statement", "Joint written statement of action (70 working days)"
    OTHER = "other", "Other deadline"


CLOCK_WORKING_DAYS = {
    ClockKind.ACTION_PLAN: 70,
    ClockKind.PRIORITY_DRAFT_PLAN: 20,
    ClockKind.PRIORITY_FINAL_PLAN: 70,
    ClockKind.WRITTEN_STATEMENT: 70,
}


class ClockStart(models.TextChoices):
    """Which day a clock counts from. Ofsted counts from the day the council received the final
    report or letter; when that is not recorded Thrive falls back and says so."""

    RECEIVED = "received", "Date received"
    PUBLISHED = "published", "Publication date"
    LAST_DAY_ON_SITE = "last_day_on_site", "Last day on site"


class ClockStatus(models.TextChoices):
    MET = "met", "Met"
    MET_LATE = "met_late", "Met late"
    DUE = "due", "Due"
    DUE_SOON = "due_soon", "Due soon"
    OVERDUE = "overdue", "Overdue"


class StatutoryClock(CouncilOwned):
    """A deadline counted in working days (England and Wales bank holidays excluded)."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="clocks")
    kind = models.CharField(max_length=32, choices=ClockKind.choices)
    starts_on = models.DateField(
        help_text="Day 0: the day the council received the final report or letter"
    )
    starts_from = models.CharField(
        max_length=20,
        choices=ClockStart.choices,
        default=ClockStart.RECEIVED,
        help_text="Which date day 0 is; anything but the date received is a stand-in",
    )
    working_days = models.PositiveSmallIntegerField()
    due_date = models.DateField()
    completed_on = models.DateField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.CharField(max_length=300, blank=True)
    # Optimistic locking (issue 15): the edit form carries the version it was loaded with.
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["due_date", "id"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["inspection", "kind"], name="one_clock_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} due {self.due_date}"

    @property
    def received_not_recorded(self) -> bool:
        return self.starts_from != ClockStart.RECEIVED

    def status_on(self, today: date) -> ClockStatus:
        from thrive.dates.working_days import working_days_between

        if self.completed_on is not None:
            return ClockStatus.MET if self.completed_on <= self.due_date else ClockStatus.MET_LATE
        if today > self.due_date:
            return ClockStatus.OVERDUE
        if working_days_between(today, self.due_date) <= 10:
            return ClockStatus.DUE_SOON
        return ClockStatus.DUE
