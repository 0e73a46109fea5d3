from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords


class User(AbstractUser):
    """A person who signs in to Thrive. Their powers come from memberships, per council."""

    # Optimistic lock for the people pages: every change made there checks and bumps it.
    version = models.PositiveIntegerField(default=1)
    # Single sign-on: the identity provider's stable subject, linked on first sign-in.
    oidc_issuer = models.CharField("SSO issuer", max_length=255, blank=True)
    oidc_subject = models.CharField("SSO subject", max_length=255, blank=True)

    # Secrets and churn are kept out of history; every other change is recorded.
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta(AbstractUser.Meta):
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["oidc_issuer", "oidc_subject"],
                condition=~models.Q(oidc_subject=""),
                name="accounts_one_person_per_sso_subject",
            )
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class EnrolmentLink(models.Model):
    """A one-time link an administrator issues so a person can set a password and enrol an
    authenticator app. Only a hash of the token is stored; the link expires and works once."""

    class Purpose(models.TextChoices):
        INVITE = "invite", "Invitation"
        RESET = "reset", "Authenticator reset"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolment_links"
    )
    council = models.ForeignKey(
        "councils.Council", on_delete=models.CASCADE, related_name="+", null=True, blank=True
    )
    purpose = models.CharField(max_length=16, choices=Purpose.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    issued_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["token_hash"])

    class Meta:
        ordering: ClassVar = ["-issued_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} for {self.user} ({self.status})"

    @property
    def status(self) -> str:
        if self.used_at is not None:
            return "used"
        if self.revoked_at is not None:
            return "replaced"
        if self.expires_at <= timezone.now():
            return "expired"
        return "open"
