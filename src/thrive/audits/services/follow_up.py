"""Writes after an audit: actions for the child, escalation, learning themes raised in the plan."""

from __future__ import annotations

import logging
import smtplib
from datetime import date
from typing import Any

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from thrive.audits.errors import (
    ERROR_ACTION_DONE,
    AuditError,
)
from thrive.audits.models import (
    Audit,
    ChildAction,
    Escalation,
    LearningTheme,
)
from thrive.councils.models import Council, Membership
from thrive.councils.roles import Role

logger = logging.getLogger(__name__)

# --- Actions for the child and escalation ---------------------------------------------------


def child_action_create(
    *, audit: Audit, description: str, owner: Any, due_date: date, created_by: Any
) -> ChildAction:
    return ChildAction.objects.create(
        council=audit.council,
        audit=audit,
        description=description,
        owner=owner,
        due_date=due_date,
        created_by=created_by,
    )


@transaction.atomic
def child_action_complete(*, action: ChildAction, note: str, user: Any) -> ChildAction:
    """Mark the action complete, once: re-read under a row lock so a second tab (or a second
    person) cannot overwrite the first completion's time and note."""
    action = ChildAction.objects.select_for_update().get(pk=action.pk)
    if action.completed_at is not None:
        raise AuditError(ERROR_ACTION_DONE)
    action.completed_at = timezone.now()
    action.completion_note = note
    action.save(update_fields=["completed_at", "completion_note"])
    return action


def escalation_recipients(*, audit: Audit) -> list[Any]:
    """The case's team manager(s); if the team has none, every manager in the council."""
    managers = Membership.objects.filter(council=audit.council, role=Role.MANAGER).select_related(
        "user"
    )
    team = [m.user for m in managers if audit.team and m.team.casefold() == audit.team.casefold()]
    return team or [m.user for m in managers]


@transaction.atomic
def audit_escalate(*, audit: Audit, reason: str, user: Any, audit_url: str) -> Escalation:
    """Record a "child at risk" escalation and email the manager(s) at once.

    The email carries the pseudonymised child identifier and a link, never the reason text:
    the detail stays behind sign-in.
    """
    recipients = escalation_recipients(audit=audit)
    escalation = Escalation.objects.create(
        council=audit.council,
        audit=audit,
        reason=reason,
        raised_by=user,
        notified=[recipient.username for recipient in recipients],
    )
    addresses = [recipient.email for recipient in recipients if recipient.email]
    if addresses:
        try:
            send_mail(
                subject=f"Child at risk – escalated from a case audit ({audit.council.name})",
                message=(
                    f"{user.get_full_name() or user.username} escalated a child at risk while "
                    f"auditing case {audit.child_id} (team {audit.team or 'not recorded'}).\n\n"
                    f"Act now. Read the concern in Thrive: {audit_url}\n"
                ),
                from_email=None,
                recipient_list=addresses,
                fail_silently=False,
            )
        except (OSError, smtplib.SMTPException):
            # The escalation is still recorded; the page tells the auditor to phone instead.
            logger.exception("escalation email failed for audit %s", audit.pk)
            escalation.email_failed = True
            escalation.notified = []
            escalation.save(update_fields=["email_failed", "notified"])
    return escalation


# --- Learning themes into the improvement plan ----------------------------------------------


def theme_plan_action_raise(
    *,
    theme: LearningTheme,
    priority: Any,
    title: str,
    description: str,
    due_date: date | None,
    created_by: Any,
) -> Any:
    """Raise an improvement-plan action from a learning theme; the action keeps the link
    (source type "audit_theme", source id the theme's id, source text its name and evidence)."""
    from thrive.plans.services import plan_action_create

    rows = {row.theme.pk: row for row in _theme_rows(theme.council)}
    row = rows.get(theme.pk)
    evidence = (
        f"{row.audits} audit{'s' if row.audits != 1 else ''} showed this theme; "
        f"{row.good_or_better} were good or better."
        if row
        else "No audits yet."
    )
    return plan_action_create(
        council=theme.council,
        priority=priority,
        title=title,
        description=description,
        due_date=due_date,
        source_type="audit_theme",
        source_id=str(theme.pk),
        source_text=f"Audit learning theme: {theme.name}. {evidence}",
        created_by=created_by,
    )


def _theme_rows(council: Council) -> list[Any]:
    from thrive.audits.selectors import theme_counts

    return theme_counts(council=council)
