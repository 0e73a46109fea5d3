"""Case audits: versioned tools, programmes and samples, audits, moderation and learning themes."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from thrive.councils.models import CouncilOwned


class Grade(models.TextChoices):
    """The four-point grade scale used by Ofsted and by councils' practice standards."""

    OUTSTANDING = "outstanding", "Outstanding"
    GOOD = "good", "Good"
    REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement to be good"
    INADEQUATE = "inadequate", "Inadequate"


GRADE_ORDER = [Grade.OUTSTANDING, Grade.GOOD, Grade.REQUIRES_IMPROVEMENT, Grade.INADEQUATE]
GOOD_OR_BETTER = {Grade.OUTSTANDING.value, Grade.GOOD.value}


class LearningTheme(CouncilOwned):
    """A practice theme that audits, questions and feedback are tagged with."""

    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["name"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["council", "name"], name="audits_theme_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class AuditTool(CouncilOwned):
    """An audit tool (practice standard). Its content lives in numbered versions."""

    name = models.CharField(max_length=160)
    description = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def current_version(self) -> AuditToolVersion:
        version = self.versions.order_by("-number").first()
        if version is None:
            raise AuditToolVersion.DoesNotExist(f"{self.name} has no version")
        return version


class AuditToolVersion(CouncilOwned):
    """One frozen-once-used version of a tool. Audits point at the version they used."""

    tool = models.ForeignKey(AuditTool, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    change_note = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["tool", "number"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["tool", "number"], name="audits_tool_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.tool.name}, version {self.number}"

    @property
    def in_use(self) -> bool:
        return self.audits.exists()


class AuditSection(CouncilOwned):
    version = models.ForeignKey(AuditToolVersion, on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    guidance = models.TextField(blank=True)
    copied_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["version", "order", "id"]

    def __str__(self) -> str:
        return self.title


class QuestionKind(models.TextChoices):
    GRADE = "grade", "Grade (Outstanding to Inadequate)"
    YES_NO_PARTLY = "yes_no_partly", "Yes, no or partly"
    FREE_TEXT = "free_text", "Free text"


class YesNoPartly(models.TextChoices):
    YES = "yes", "Yes"
    PARTLY = "partly", "Partly"
    NO = "no", "No"


class AuditQuestion(CouncilOwned):
    section = models.ForeignKey(AuditSection, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveIntegerField()
    text = models.CharField(max_length=400)
    kind = models.CharField(max_length=20, choices=QuestionKind.choices)
    guidance = models.TextField(blank=True)
    mandatory = models.BooleanField(default=True)
    themes = models.ManyToManyField(LearningTheme, blank=True, related_name="questions")
    copied_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Optimistic locking (issue 15): the edit form carries the version it was loaded with.
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["section__order", "order", "id"]

    def __str__(self) -> str:
        return self.text


class ProgrammeKind(models.TextChoices):
    MONTHLY = "monthly", "Monthly audit"
    THEMED = "themed", "Themed audit"
    PRACTICE_WEEK = "practice_week", "Practice week"
    DEEP_DIVE = "deep_dive", "Deep dive"


class AuditProgramme(CouncilOwned):
    """A round of audits: what (scope), when (period), with which tool and how much to moderate."""

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=ProgrammeKind.choices)
    scope = models.TextField(help_text="Which children, teams or practice the programme looks at")
    period_start = models.DateField()
    period_end = models.DateField()
    tool = models.ForeignKey(AuditTool, on_delete=models.PROTECT, related_name="programmes")
    moderation_share = models.PositiveSmallIntegerField(
        default=10, help_text="Percentage of audits not graded inadequate sent for moderation"
    )
    themes = models.ManyToManyField(LearningTheme, blank=True, related_name="programmes")
    findings = models.TextField(blank=True)
    # Optimistic locking of the findings text (issue 15): the form carries the version it showed.
    findings_version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["-period_start", "name"]

    def __str__(self) -> str:
        return self.name


class SampleMethod(models.TextChoices):
    RANDOM = "random", "Random"
    STRATIFIED = "stratified", "Stratified by team"
    RULE = "rule", "By rule"


class AuditSample(CouncilOwned):
    """How a programme's cases were drawn: enough to draw the same sample again."""

    programme = models.ForeignKey(AuditProgramme, on_delete=models.CASCADE, related_name="samples")
    method = models.CharField(max_length=20, choices=SampleMethod.choices)
    rule = models.CharField(max_length=60, blank=True)
    rule_parameter = models.PositiveIntegerField(null=True, blank=True)
    size = models.PositiveIntegerField()
    seed = models.BigIntegerField()
    as_of = models.DateField()
    source = models.CharField(max_length=200, help_text="Where the candidate cases came from")
    source_sha256 = models.CharField(max_length=64, blank=True)
    candidate_count = models.PositiveIntegerField()
    eligible_count = models.PositiveIntegerField()
    strata = models.JSONField(default=dict, blank=True, help_text="Cases drawn per team")
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    drawn_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["-drawn_at"]

    def __str__(self) -> str:
        return f"{self.get_method_display()} sample of {self.size} (seed {self.seed})"


class AuditStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    IN_MODERATION = "in_moderation", "In moderation"
    COMPLETE = "complete", "Complete"


class Audit(CouncilOwned):
    """One child's case audited against one tool version."""

    programme = models.ForeignKey(AuditProgramme, on_delete=models.PROTECT, related_name="audits")
    sample = models.ForeignKey(
        AuditSample, on_delete=models.SET_NULL, null=True, blank=True, related_name="audits"
    )
    tool_version = models.ForeignKey(
        AuditToolVersion, on_delete=models.PROTECT, related_name="audits"
    )
    child_id = models.CharField("child identifier", max_length=64)
    team = models.CharField(max_length=120, blank=True)
    worker = models.CharField(
        max_length=150, blank=True, help_text="The case's allocated worker (username) in the data"
    )
    case_facts = models.JSONField(default=dict, blank=True)
    auditor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    added_manually = models.BooleanField(default=False)
    manual_reason = models.TextField(blank=True)
    status = models.CharField(
        max_length=20, choices=AuditStatus.choices, default=AuditStatus.NOT_STARTED
    )
    overall_grade = models.CharField(max_length=24, choices=Grade.choices, blank=True)
    rationale = models.TextField(blank=True)
    themes = models.ManyToManyField(LearningTheme, blank=True, related_name="audits")
    submitted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["programme", "id"]

    def __str__(self) -> str:
        return f"Audit {self.pk} of child {self.child_id}"

    @property
    def final_grade(self) -> str:
        """The moderated grade where moderation changed it, otherwise the auditor's."""
        moderation = getattr(self, "moderation", None)
        if moderation is not None and moderation.moderated_grade:
            return str(moderation.moderated_grade)
        return self.overall_grade

    @property
    def final_grade_label(self) -> str:
        grade = self.final_grade
        return str(Grade(grade).label) if grade else ""


class AuditAnswer(CouncilOwned):
    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(AuditQuestion, on_delete=models.PROTECT, related_name="answers")
    value = models.CharField(max_length=24, blank=True)
    text = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["audit", "question"], name="audits_answer_unique")
        ]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.value or self.text[:40]}"

    @property
    def is_answered(self) -> bool:
        return bool(self.value or self.text.strip())

    @property
    def value_label(self) -> str:
        if self.value in Grade.values:
            return str(Grade(self.value).label)
        if self.value in YesNoPartly.values:
            return str(YesNoPartly(self.value).label)
        return self.value


class ChildAction(CouncilOwned):
    """Something that must happen for the child because of what the audit found."""

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="child_actions")
    description = models.TextField()
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    due_date = models.DateField()
    completed_at = models.DateTimeField(null=True, blank=True)
    completion_note = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["due_date", "id"]

    def __str__(self) -> str:
        return self.description[:60]


class Escalation(CouncilOwned):
    """ "Child at risk — escalate now": the manager is told at once, and it is recorded."""

    audit = models.ForeignKey(Audit, on_delete=models.PROTECT, related_name="escalations")
    reason = models.TextField()
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    notified = models.JSONField(default=list, help_text="Usernames told by email")
    email_failed = models.BooleanField(
        default=False, help_text="The email could not be sent: the manager must be phoned"
    )
    raised_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["-raised_at"]

    def __str__(self) -> str:
        return f"Escalation for audit {self.audit_id}"


class ModerationReason(models.TextChoices):
    INADEQUATE = "inadequate", "Graded inadequate"
    SHARE = "share", "Selected in the moderation share"


class ModerationOutcome(models.TextChoices):
    AGREED = "agreed", "Grade agreed"
    CHANGED = "changed", "Grade changed"


class Moderation(CouncilOwned):
    audit = models.OneToOneField(Audit, on_delete=models.CASCADE, related_name="moderation")
    selected_because = models.CharField(max_length=20, choices=ModerationReason.choices)
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    outcome = models.CharField(max_length=20, choices=ModerationOutcome.choices, blank=True)
    moderated_grade = models.CharField(max_length=24, choices=Grade.choices, blank=True)
    reasons = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["completed_at", "created_at"]

    def __str__(self) -> str:
        return f"Moderation of audit {self.audit_id}"
