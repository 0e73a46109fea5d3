"""Boards and panels that oversee improvement: members, meetings, papers, decisions, action log."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from thrive.councils.models import CouncilOwned


class BoardKind(models.TextChoices):
    IMPROVEMENT_BOARD = "improvement_board", "Improvement Board"
    SCRUTINY = "scrutiny", "Scrutiny committee"
    CORPORATE_PARENTING = "corporate_parenting", "Corporate parenting panel"
    PARTNERSHIP = "partnership", "Partnership board"
    OTHER = "other", "Other board or panel"


class Board(CouncilOwned):
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=32, choices=BoardKind.choices)
    purpose = models.TextField(blank=True, help_text="Terms of reference in brief")
    meets = models.CharField(max_length=120, blank=True, help_text="For example, monthly")
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["name"]

    def __str__(self) -> str:
        return self.name


class BoardMember(CouncilOwned):
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(max_length=120)
    organisation = models.CharField(max_length=120)
    role_on_board = models.CharField(max_length=120, blank=True, help_text="For example, chair")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["board", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})"


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    HELD = "held", "Held"
    CANCELLED = "cancelled", "Cancelled"


class Meeting(CouncilOwned):
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="meetings")
    date = models.DateField()
    location = models.CharField(max_length=200, blank=True)
    status = models.CharField(
        max_length=16, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    minutes = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.board.name}, {self.date:%-d %B %Y}"


class AgendaItem(CouncilOwned):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=300)
    presenter = models.CharField(max_length=120, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["meeting", "number"]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class Attendance(CouncilOwned):
    class Kind(models.TextChoices):
        PRESENT = "present", "Present"
        APOLOGIES = "apologies", "Apologies"
        ABSENT = "absent", "Absent"
        IN_ATTENDANCE = "in_attendance", "In attendance (not a member)"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(BoardMember, on_delete=models.CASCADE, null=True, blank=True)
    name = models.CharField(max_length=120)
    organisation = models.CharField(max_length=120, blank=True)
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.PRESENT)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["meeting", "name"]

    def __str__(self) -> str:
        return f"{self.name}: {self.get_kind_display()}"


def paper_path(instance: Paper, filename: str) -> str:
    return f"councils/{instance.council.la_number}/governance/papers/{filename}"


class Paper(CouncilOwned):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="papers")
    title = models.CharField(max_length=300)
    file = models.FileField(upload_to=paper_path, blank=True)
    link = models.URLField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["meeting", "id"]

    def __str__(self) -> str:
        return self.title


class Decision(CouncilOwned):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    ref = models.CharField(max_length=20)
    text = models.TextField()
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["meeting", "ref"]

    def __str__(self) -> str:
        return f"{self.ref}: {self.text[:60]}"


class LogStatus(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"
    PROMOTED = "promoted", "Promoted to the plan"


class LogAction(CouncilOwned):
    """One line of a board's action log. It can be promoted into the improvement plan."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="log_actions")
    ref = models.CharField(max_length=20)
    text = models.TextField()
    owner_name = models.CharField(max_length=120)
    due_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=LogStatus.choices, default=LogStatus.OPEN)
    plan_action = models.ForeignKey(
        "plans.Action",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="board_log_actions",
    )
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["meeting", "ref"]

    def __str__(self) -> str:
        return f"{self.ref}: {self.text[:60]}"
