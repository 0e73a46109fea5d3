"""Plan services: sources, revised dates with reasons, overrides, history, optimistic locking."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.plans.factories import make_action, make_plan
from thrive.plans.models import Action, ActionStatus, Evidence
from thrive.plans.services import (
    DUPLICATE_REF,
    OVERRIDE_REASON_REQUIRED,
    REASON_REQUIRED,
    STALE_EDIT,
    PlanError,
    StaleEditError,
    action_override_rag,
    action_revise_due_date,
    action_update,
    plan_action_create,
    progress_update_add,
)


def test_refs_are_numbered_within_the_priority_and_unique(council_factory: Any) -> None:
    council = council_factory()
    _plan, priority, owner = make_plan(council)
    first = make_action(council, priority, owner)
    second = make_action(council, priority, owner)
    assert (first.ref, second.ref) == ("1.1", "1.2")
    with pytest.raises(PlanError, match=DUPLICATE_REF.format(ref="1.1")):
        make_action(council, priority, owner, ref="1.1")


def test_a_source_is_kept_and_unknown_sources_refused(council_factory: Any) -> None:
    council = council_factory()
    _plan, priority, _owner = make_plan(council)
    action = plan_action_create(
        council=council,
        priority=priority,
        title="Act on the audit theme",
        source_type="audit_theme",
        source_id="17",
        source_text="Plans lack timescales",
    )
    assert (action.owner, action.source_type, action.source_id) == (None, "audit_theme", "17")
    assert (action.due_date - action.start_date).days == 84
    with pytest.raises(PlanError, match="Unknown source type"):
        plan_action_create(council=council, priority=priority, title="x", source_type="rumour")


def test_another_councils_priority_is_refused(council_factory: Any) -> None:
    mine, theirs = council_factory(), council_factory()
    _plan, their_priority, _owner = make_plan(theirs)
    with pytest.raises(PlanError, match="different council"):
        plan_action_create(council=mine, priority=their_priority, title="Sneaky")


def test_revising_the_due_date_needs_a_reason_and_keeps_the_original(
    council_factory: Any, person: Any
) -> None:
    council = council_factory()
    user = person("manager", council)
    _plan, priority, owner = make_plan(council)
    action = make_action(council, priority, owner)
    with pytest.raises(PlanError, match=REASON_REQUIRED):
        action_revise_due_date(
            action=action, expected_version=1, new_due_date=date(2027, 3, 1), reason=" ", by=user
        )
    action.refresh_from_db()
    assert action.revised_due_date is None and action.version == 1
    action_revise_due_date(
        action=action,
        expected_version=1,
        new_due_date=date(2027, 3, 1),
        reason="Recruitment of the new team took longer",
        by=user,
    )
    action.refresh_from_db()
    assert (action.due_date, action.revised_due_date) == (date(2026, 12, 18), date(2027, 3, 1))
    latest = action.history.first()
    assert latest is not None
    assert latest.history_user == user
    assert latest.revised_reason == "Recruitment of the new team took longer"


def test_override_needs_a_reason_and_is_recorded(council_factory: Any, person: Any) -> None:
    council = council_factory()
    user = person("director", council)
    _plan, priority, owner = make_plan(council)
    action = make_action(council, priority, owner)
    with pytest.raises(PlanError, match=OVERRIDE_REASON_REQUIRED):
        action_override_rag(
            action=action, expected_version=1, kind="impact", rag="red", reason="", by=user
        )
    action_override_rag(
        action=action,
        expected_version=1,
        kind="impact",
        rag="red",
        reason="Audits in May found no change in practice",
        by=user,
    )
    action.refresh_from_db()
    assert (action.impact_override, action.version) == ("red", 2)
    records = list(action.history.all())
    assert [r.impact_override for r in records] == ["red", ""]
    assert records[0].history_user == user


def test_two_concurrent_edits_give_one_clear_conflict_and_lose_nothing(
    council_factory: Any, person: Any
) -> None:
    council = council_factory()
    alice, bob = person("manager", council), person("director", council)
    _plan, priority, owner = make_plan(council)
    action = make_action(council, priority, owner)
    # Both open the edit form at version 1.
    alices_copy = Action.objects.get(pk=action.pk)
    bobs_copy = Action.objects.get(pk=action.pk)
    action_update(action=alices_copy, expected_version=1, by=alice, title="Alice's wording")
    with pytest.raises(StaleEditError) as conflict:
        action_update(action=bobs_copy, expected_version=1, by=bob, title="Bob's wording")
    assert str(conflict.value) == STALE_EDIT
    action.refresh_from_db()
    assert (action.title, action.version) == ("Alice's wording", 2)
    # Bob retries on the current version: both edits are in the history.
    action_update(action=action, expected_version=2, by=bob, title="Bob's wording")
    assert [h.title for h in action.history.all()][:3] == [
        "Bob's wording",
        "Alice's wording",
        "Every child in need has an up-to-date plan",
    ]


def test_progress_update_with_evidence_changes_status(
    council_factory: Any, person: Any, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    council = council_factory(la_number="9333")
    user = person("manager", council)
    _plan, priority, owner = make_plan(council)
    action = make_action(council, priority, owner)
    update = progress_update_add(
        action=action,
        text="Audit tool rolled out to all teams.",
        status_after=ActionStatus.COMPLETE,
        update_date=date(2026, 6, 1),
        by=user,
        links=[("Board paper", "https://example.test/paper")],
        files=[SimpleUploadedFile("notes.txt", b"minutes")],
    )
    action.refresh_from_db()
    assert (action.status, action.completed_on, action.version) == (
        "complete",
        date(2026, 6, 1),
        2,
    )
    stored = Evidence.objects.filter(update=update).order_by("id")
    assert stored[0].link == "https://example.test/paper"
    assert stored[1].file.name.startswith("councils/9333/plans/evidence/notes")
    assert (tmp_path / stored[1].file.name).read_bytes() == b"minutes"


def test_an_update_with_a_stale_version_is_refused_and_nothing_saved(
    council_factory: Any, person: Any
) -> None:
    council = council_factory()
    user = person("manager", council)
    _plan, priority, owner = make_plan(council)
    action = make_action(council, priority, owner)
    action_update(action=action, expected_version=1, by=user, status="in_progress")
    with pytest.raises(StaleEditError):
        progress_update_add(
            action=action, text="x", status_after="blocked", by=user, expected_version=1
        )
    assert not action.updates.exists()


def test_due_date_of_a_started_action_moves_only_with_a_reason(
    council_factory: Any, person: Any
) -> None:
    council = council_factory()
    user = person("manager", council)
    _plan, priority, owner = make_plan(council)
    action = make_action(council, priority, owner)
    action = action_update(action=action, expected_version=1, by=user, due_date=date(2027, 1, 8))
    action = action_update(action=action, expected_version=2, by=user, status="in_progress")
    with pytest.raises(PlanError, match="can only be moved with a reason"):
        action_update(action=action, expected_version=3, by=user, due_date=date(2027, 3, 1))
    action.refresh_from_db()
    assert (action.due_date, action.version) == (date(2027, 1, 8), 3)
