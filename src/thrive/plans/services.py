"""Writes to the improvement plan. Keyword-only, validated, transactional, history kept.

CONTRACT FOR OTHER APPS: creating plan items from another source
-----------------------------------------------------------------
    from thrive.plans.services import plan_action_create

    action = plan_action_create(
        council=council,                 # thrive.councils.models.Council
        priority=priority,               # thrive.plans.models.Priority of that council
        title="Embed the revised audit tool in all teams",
        owner=None,                      # a plans.Owner, or None ("owner to be agreed")
        start_date=None, due_date=None,  # default: today and 12 weeks later
        source_type="audit_theme",       # one of SourceType (below)
        source_id=str(theme.pk),         # your object's id, kept as the link back
        source_text=theme.summary,       # the source's words, verbatim
        created_by=request.user,
    )

Source types (`thrive.plans.models.SourceType`): "inspection_recommendation",
"adviser_recommendation", "priority_action", "board_decision", "audit_theme", "feedback",
"self_evaluation". For "inspection_recommendation" and "priority_action" pass
`recommendation=` (an `inspections.Recommendation`) too, so the golden thread page finds it.
Other apps may hold a ForeignKey to `plans.Action` (on_delete=SET_NULL or PROTECT).
Errors are `PlanError` with a user-facing message; nothing is saved when one is raised.

Concurrency: every change to an action goes through a service that takes `expected_version`
(the `version` the person's form was rendered with). If the action changed meanwhile,
`StaleEditError` is raised and nothing is written; the view shows the person their own input
alongside the current values, so nothing they typed is lost.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from thrive.councils.models import Council
from thrive.plans.models import (
    Action,
    ActionStatus,
    Evidence,
    Milestone,
    Owner,
    Plan,
    Priority,
    ProgressUpdate,
    Rag,
    SourceType,
)


class PlanError(ValueError):
    """A plan change was refused; the message says why and what to do."""


class StaleEditError(PlanError):
    """Someone else saved the action after this person opened it."""


STALE_EDIT = (
    "Someone else changed this action while you were editing it. Your changes have not been "
    "saved. Check the current details below, then make your changes again."
)
REASON_REQUIRED = "Enter the reason the due date is changing"
OVERRIDE_REASON_REQUIRED = "Enter the reason you are setting the RAG by hand"
DUE_BEFORE_START = "The due date must be the same as or after the start date"
WRONG_COUNCIL = "That belongs to a different council"
DUPLICATE_REF = "Another action already has the reference {ref}"
UNKNOWN_SOURCE = "Unknown source type {source_type!r}"
DUE_DATE_LOCKED = (
    "Work on this action has started, so its due date can only be moved with a reason: use "
    "Revise due date"
)
SAME_DUE_DATE = "The revised due date must be different from the current due date"
UPDATE_TEXT_REQUIRED = "Enter what has happened since the last update"

EDITABLE_FIELDS = {
    "title",
    "description",
    "success_measure",
    "owner",
    "start_date",
    "due_date",
    "status",
    "completed_on",
    "measure_ids",
    "priority",
}


def _by(obj: Any, user: Any) -> None:
    # simple-history reads this when there is no request (CLI, tasks).
    if user is not None and getattr(user, "is_authenticated", False):
        obj._history_user = user


def _check_council(council: Council, *objs: Any) -> None:
    for obj in objs:
        if obj is not None and obj.council_id != council.pk:
            raise PlanError(WRONG_COUNCIL)


@transaction.atomic
def plan_create(
    *,
    council: Council,
    title: str,
    description: str = "",
    start_date: date | None = None,
    inspection: Any = None,
) -> Plan:
    _check_council(council, inspection)
    return Plan.objects.create(
        council=council,
        title=title.strip(),
        description=description,
        start_date=start_date,
        inspection=inspection,
    )


@transaction.atomic
def priority_create(
    *, plan: Plan, title: str, number: int | None = None, description: str = ""
) -> Priority:
    if number is None:
        number = (
            plan.priorities.order_by("-number").values_list("number", flat=True).first() or 0
        ) + 1
    return Priority.objects.create(
        council=plan.council, plan=plan, number=number, title=title, description=description
    )


def owner_get_or_create(
    *, council: Council, name: str, organisation: str, user: Any = None, email: str = ""
) -> Owner:
    owner, created = Owner.objects.get_or_create(
        council=council,
        name=name.strip(),
        organisation=organisation.strip(),
        defaults={"user": user, "email": email},
    )
    if not created and user is not None and owner.user_id is None:
        owner.user = user
        owner.save()
    return owner


def next_ref(priority: Priority) -> str:
    taken = set(Action.objects.for_council(priority.council).values_list("ref", flat=True))
    n = priority.actions.count() + 1
    while f"{priority.number}.{n}" in taken:
        n += 1
    return f"{priority.number}.{n}"


@transaction.atomic
def plan_action_create(
    *,
    council: Council,
    priority: Priority,
    title: str,
    owner: Owner | None = None,
    start_date: date | None = None,
    due_date: date | None = None,
    ref: str = "",
    description: str = "",
    success_measure: str = "",
    status: str = ActionStatus.NOT_STARTED,
    measure_ids: Iterable[str] = (),
    source_type: str = "",
    source_id: str = "",
    source_text: str = "",
    recommendation: Any = None,
    created_by: Any = None,
) -> Action:
    """Create one action under `priority`, keeping the link to where it came from."""
    _check_council(council, priority, owner, recommendation)
    if source_type and source_type not in SourceType.values:
        raise PlanError(UNKNOWN_SOURCE.format(source_type=source_type))
    if not title.strip():
        raise PlanError("Enter the action")
    start_date = start_date or timezone.localdate()
    due_date = due_date or start_date + timedelta(weeks=12)
    if due_date < start_date:
        raise PlanError(DUE_BEFORE_START)
    ref = ref.strip() or next_ref(priority)
    if Action.objects.for_council(council).filter(ref=ref).exists():
        raise PlanError(DUPLICATE_REF.format(ref=ref))
    if recommendation is not None and not source_text:
        source_text = recommendation.text
        source_id = source_id or str(recommendation.pk)
    action = Action(
        council=council,
        priority=priority,
        ref=ref,
        title=title.strip(),
        description=description,
        success_measure=success_measure,
        owner=owner,
        start_date=start_date,
        due_date=due_date,
        status=status,
        measure_ids=sorted({m.strip() for m in measure_ids if m.strip()}),
        source_type=source_type,
        source_id=source_id,
        source_text=source_text,
        recommendation=recommendation,
        created_by=created_by if getattr(created_by, "is_authenticated", False) else None,
    )
    _by(action, created_by)
    action.save()
    return action


def _locked(action: Action, expected_version: int) -> Action:
    """Re-read the action under a row lock and check nobody saved it since `expected_version`."""
    current = Action.objects.select_for_update().get(pk=action.pk)
    if current.version != expected_version:
        raise StaleEditError(STALE_EDIT)
    return current


def _save(action: Action, by: Any) -> Action:
    action.version += 1
    _by(action, by)
    action.save()
    return action


@transaction.atomic
def action_update(*, action: Action, expected_version: int, by: Any, **changes: Any) -> Action:
    """Change an action's details. The due date may only change here before work starts."""
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise PlanError(f"These cannot be changed here: {', '.join(sorted(unknown))}")
    current = _locked(action, expected_version)
    _check_council(current.council, changes.get("owner"), changes.get("priority"))
    moved = "due_date" in changes and changes["due_date"] != current.due_date
    if moved and (current.status != ActionStatus.NOT_STARTED or current.updates.exists()):
        raise PlanError(DUE_DATE_LOCKED)
    for name, value in changes.items():
        setattr(current, name, value)
    if current.due_date < current.start_date:
        raise PlanError(DUE_BEFORE_START)
    if "measure_ids" in changes:
        current.measure_ids = sorted({m.strip() for m in changes["measure_ids"] if m.strip()})
    if current.status == ActionStatus.COMPLETE and current.completed_on is None:
        current.completed_on = timezone.localdate()
    if current.status != ActionStatus.COMPLETE:
        current.completed_on = None
    return _save(current, by)


@transaction.atomic
def action_revise_due_date(
    *, action: Action, expected_version: int, new_due_date: date, reason: str, by: Any
) -> Action:
    """Move the due date; the original stays, the reason is mandatory and kept in history."""
    if not reason.strip():
        raise PlanError(REASON_REQUIRED)
    current = _locked(action, expected_version)
    if new_due_date == current.effective_due_date:
        raise PlanError(SAME_DUE_DATE)
    if new_due_date < current.start_date:
        raise PlanError(DUE_BEFORE_START)
    current.revised_due_date = new_due_date
    current.revised_reason = reason.strip()
    return _save(current, by)


@transaction.atomic
def action_override_rag(
    *, action: Action, expected_version: int, kind: str, rag: str, reason: str, by: Any
) -> Action:
    """Set (or, with rag "", clear) a manual delivery or impact RAG. A reason is always needed."""
    if kind not in {"delivery", "impact"}:
        raise PlanError("Choose delivery or impact")
    if rag not in Rag.values:
        raise PlanError("Choose red, amber or green")
    if not reason.strip():
        raise PlanError(OVERRIDE_REASON_REQUIRED)
    current = _locked(action, expected_version)
    setattr(current, f"{kind}_override", rag)
    setattr(current, f"{kind}_override_reason", reason.strip())
    return _save(current, by)


@transaction.atomic
def progress_update_add(
    *,
    action: Action,
    text: str,
    status_after: str,
    by: Any,
    update_date: date | None = None,
    expected_version: int | None = None,
    links: Iterable[tuple[str, str]] = (),
    files: Iterable[UploadedFile] = (),
) -> ProgressUpdate:
    """A dated progress update with evidence (files and links); it may change the status."""
    if not text.strip():
        raise PlanError(UPDATE_TEXT_REQUIRED)
    if status_after not in ActionStatus.values:
        raise PlanError("Choose the action's status after this update")
    current = (
        _locked(action, expected_version)
        if expected_version is not None
        else Action.objects.select_for_update().get(pk=action.pk)
    )
    update = ProgressUpdate(
        council=current.council,
        action=current,
        update_date=update_date or timezone.localdate(),
        text=text.strip(),
        status_after=status_after,
        author=by if getattr(by, "is_authenticated", False) else None,
    )
    _by(update, by)
    update.save()
    for title, link in links:
        Evidence.objects.create(
            council=current.council, update=update, title=title or link, link=link
        )
    for upload in files:
        Evidence.objects.create(
            council=current.council, update=update, title=upload.name or "File", file=upload
        )
    if current.status != status_after:
        current.status = status_after
        if status_after == ActionStatus.COMPLETE:
            current.completed_on = update.update_date
        else:
            current.completed_on = None
        _save(current, by)
    else:
        current.version += 1
        Action.objects.filter(pk=current.pk).update(version=current.version)
    return update


@transaction.atomic
def milestone_add(*, action: Action, title: str, due_date: date, by: Any = None) -> Milestone:
    if not title.strip():
        raise PlanError("Enter the milestone")
    milestone = Milestone(council=action.council, action=action, title=title, due_date=due_date)
    _by(milestone, by)
    milestone.save()
    return milestone


@transaction.atomic
def milestone_complete(*, milestone: Milestone, completed_on: date | None, by: Any = None) -> None:
    milestone.completed_on = completed_on
    _by(milestone, by)
    milestone.save()
