"""Voice: feedback from children, families, staff and partners, and "you said, we did".

Quotes are kept only with the speaker's consent to share them, and are attributed only by role.
Every page and export reads quotes through `Feedback.shareable_quote`, which is empty without
consent, so a quote given without consent never leaves the database.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from thrive.councils.models import CouncilOwned


class SourceType(models.TextChoices):
    CHILD = "child", "Child"
    YOUNG_PERSON = "young_person", "Young person"
    CARE_LEAVER = "care_leaver", "Care leaver"
    PARENT_CARER = "parent_carer", "Parent or carer"
    STAFF = "staff", "Staff"
    PARTNER = "partner", "Partner agency"


class Channel(models.TextChoices):
    SURVEY = "survey", "Survey"
    GROUP = "group", "Group or forum"
    COMPLAINT = "complaint", "Complaint"
    COMPLIMENT = "compliment", "Compliment"
    ADVOCACY = "advocacy", "Advocacy"
    EXIT_INTERVIEW = "exit_interview", "Exit interview"


class Sentiment(models.TextChoices):
    POSITIVE = "positive", "Positive"
    MIXED = "mixed", "Mixed"
    NEUTRAL = "neutral", "Neutral"
    NEGATIVE = "negative", "Negative"


SENTIMENT_ORDER = [Sentiment.POSITIVE, Sentiment.MIXED, Sentiment.NEUTRAL, Sentiment.NEGATIVE]


class FeedbackImport(CouncilOwned):
    """One imported survey export: every row landed, or none did."""

    filename = models.CharField(max_length=200)
    sha256 = models.CharField(max_length=64)
    row_count = models.PositiveIntegerField()
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    imported_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["-imported_at"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.row_count} rows)"


class Feedback(CouncilOwned):
    source_type = models.CharField("who said it", max_length=20, choices=SourceType.choices)
    channel = models.CharField(max_length=20, choices=Channel.choices)
    received_on = models.DateField("date")
    summary = models.TextField(help_text="What was said, in your words")
    quote = models.TextField(blank=True, help_text="Their own words, if they agreed to be quoted")
    attributed_role = models.CharField(
        "quote attributed to",
        max_length=40,
        blank=True,
        help_text="A role only, never a name: for example SW, TM, care leaver, 19",
    )
    consent_to_quote = models.BooleanField(default=False)
    sentiment = models.CharField(max_length=12, choices=Sentiment.choices)
    themes = models.ManyToManyField("audits.LearningTheme", blank=True, related_name="feedback")
    actions = models.ManyToManyField(
        "plans.Action",
        blank=True,
        related_name="feedback",
        help_text="Improvement plan actions this feedback changed",
    )
    reference = models.CharField(max_length=100, blank=True, help_text="Id in the survey tool")
    source_import = models.ForeignKey(
        FeedbackImport, on_delete=models.PROTECT, null=True, blank=True, related_name="rows"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["-received_on", "-id"]
        verbose_name_plural = "feedback"

    def __str__(self) -> str:
        return f"{self.get_source_type_display()} feedback, {self.received_on:%d %b %Y}"

    @property
    def shareable_quote(self) -> str:
        """The quote, only if the person agreed to be quoted; otherwise nothing."""
        return self.quote if self.consent_to_quote and self.quote.strip() else ""

    @property
    def has_unshareable_quote(self) -> bool:
        return bool(self.quote.strip()) and not self.consent_to_quote


class Audience(models.TextChoices):
    CHILDREN = "children", "Children and young people"
    STAFF = "staff", "Staff"
    EVERYONE = "everyone", "Everyone"


class YouSaidWeDid(CouncilOwned):
    """One closed (or closing) loop: what people told us and what changed because of it."""

    audience = models.CharField(max_length=12, choices=Audience.choices)
    you_said = models.TextField("you said")
    we_did = models.TextField("we did")
    feedback = models.ManyToManyField(Feedback, blank=True, related_name="you_said_we_did")
    actions = models.ManyToManyField("plans.Action", blank=True, related_name="you_said_we_did")
    published = models.BooleanField(default=False)
    published_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Optimistic locking (issue 15): the edit form carries the version it was loaded with.
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["-published_at", "-created_at"]
        verbose_name = "you said, we did"
        verbose_name_plural = "you said, we did"

    def __str__(self) -> str:
        return self.you_said[:60]
