"""Roles a person can hold in a council, and what each may do. The one source of truth."""

from __future__ import annotations

from enum import StrEnum

from django.db import models


class Role(models.TextChoices):
    ADMIN = "admin", "Administrator"
    DIRECTOR = "director", "Director / Assistant Director"
    MANAGER = "manager", "Head of Service / Team Manager"
    ANALYST = "analyst", "Performance analyst"
    QA_LEAD = "qa_lead", "QA lead / Principal Social Worker"
    PRACTITIONER = "practitioner", "Social worker"
    BOARD_MEMBER = "board_member", "Improvement Board member"
    ADVISER = "adviser", "DfE adviser / Commissioner (read-only)"
    COUNCILLOR = "councillor", "Councillor"
    REGIONAL_ANALYST = "regional_analyst", "Regional analyst"


class Action(StrEnum):
    """Things a person may do within a council. Later capabilities add members here."""

    VIEW_AGGREGATE = "view_aggregate"  # dashboards, counts, plan progress
    VIEW_CHILD_LEVEL = "view_child_level"  # any page naming or listing individual children
    EXPORT_CHILD_LEVEL = "export_child_level"  # downloads with child-level rows
    VIEW_PLAN = "view_plan"
    EDIT_PLAN = "edit_plan"
    UPDATE_OWN_ACTIONS = "update_own_actions"
    UPLOAD_RETURNS = "upload_returns"
    MANAGE_MEASURES = "manage_measures"
    RUN_AUDITS = "run_audits"
    MANAGE_AUDIT_TOOLS = "manage_audit_tools"
    MANAGE_MEMBERS = "manage_members"
    VIEW_ACCESS_LOG = "view_access_log"
    VIEW_REGIONAL = "view_regional"  # aggregates across consenting councils
    AUTHOR_PACKS = "author_packs"  # draft, annotate and issue board packs and reports


_READ_AGGREGATE = {Action.VIEW_AGGREGATE, Action.VIEW_PLAN}
_CHILD_READ = {Action.VIEW_CHILD_LEVEL}

ROLE_ACTIONS: dict[Role, frozenset[Action]] = {
    Role.ADMIN: frozenset(Action) - {Action.VIEW_REGIONAL},
    Role.DIRECTOR: frozenset(
        _READ_AGGREGATE
        | _CHILD_READ
        | {
            Action.EXPORT_CHILD_LEVEL,
            Action.EDIT_PLAN,
            Action.UPDATE_OWN_ACTIONS,
            Action.AUTHOR_PACKS,
        }
    ),
    Role.MANAGER: frozenset(
        _READ_AGGREGATE
        | _CHILD_READ
        | {Action.EDIT_PLAN, Action.UPDATE_OWN_ACTIONS, Action.RUN_AUDITS, Action.AUTHOR_PACKS}
    ),
    Role.ANALYST: frozenset(
        _READ_AGGREGATE
        | _CHILD_READ
        | {
            Action.EXPORT_CHILD_LEVEL,
            Action.UPLOAD_RETURNS,
            Action.MANAGE_MEASURES,
            Action.AUTHOR_PACKS,
        }
    ),
    Role.QA_LEAD: frozenset(
        _READ_AGGREGATE
        | _CHILD_READ
        | {Action.RUN_AUDITS, Action.MANAGE_AUDIT_TOOLS, Action.UPDATE_OWN_ACTIONS}
    ),
    Role.PRACTITIONER: frozenset(
        _READ_AGGREGATE | _CHILD_READ | {Action.RUN_AUDITS, Action.UPDATE_OWN_ACTIONS}
    ),
    Role.BOARD_MEMBER: frozenset(_READ_AGGREGATE | {Action.UPDATE_OWN_ACTIONS}),
    # External adviser: reads plan, measures and audits (case files included), changes nothing.
    Role.ADVISER: frozenset(_READ_AGGREGATE | _CHILD_READ),
    # Councillors see aggregates only, never a child.
    Role.COUNCILLOR: frozenset(_READ_AGGREGATE),
    Role.REGIONAL_ANALYST: frozenset({Action.VIEW_AGGREGATE, Action.VIEW_REGIONAL}),
}

CHILD_LEVEL_ROLES = frozenset(
    role for role, actions in ROLE_ACTIONS.items() if Action.VIEW_CHILD_LEVEL in actions
)


def role_allows(role: str, action: Action) -> bool:
    try:
        return action in ROLE_ACTIONS[Role(role)]
    except ValueError:
        return False
