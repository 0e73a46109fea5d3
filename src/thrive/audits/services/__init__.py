"""Writes for audits: tools and versions, programmes and samples, audits, moderation, escalation.

One module per stage (`tools`, `programmes`, `auditing`, `follow_up`); the errors and their
messages are in `thrive.audits.errors`. Callers use this package's names.
"""

from __future__ import annotations

from thrive.audits.errors import (
    ERROR_ACTION_DONE,
    ERROR_CHANGED_NEEDS_GRADE,
    ERROR_DUPLICATE_CHILD,
    ERROR_FINDINGS_STALE,
    ERROR_MODERATION_DONE,
    ERROR_MODERATOR_IS_AUDITOR,
    ERROR_NO_AUDITORS,
    ERROR_NOT_AUDITOR,
    ERROR_NOT_EDITABLE,
    ERROR_OLD_VERSION,
    ERROR_OWN_CASE,
    ERROR_QUESTION_STALE,
    ERROR_SAME_GRADE,
    ERROR_SUBMITTED_ELSEWHERE,
    ERROR_TOOL_EMPTY,
    ERROR_UNASSIGNABLE,
    AuditError,
    AuditIncomplete,
    StaleQuestionError,
)
from thrive.audits.services.auditing import (
    audit_answers_save,
    audit_missing_answers,
    audit_overall_set,
    audit_submit,
    moderation_complete,
    moderation_selection,
    moderator_roles,
)
from thrive.audits.services.follow_up import (
    audit_escalate,
    child_action_complete,
    child_action_create,
    escalation_recipients,
    theme_plan_action_raise,
)
from thrive.audits.services.programmes import (
    audit_add_manual,
    audit_programme_create,
    audit_reassign,
    audit_sample_draw,
)
from thrive.audits.services.tools import (
    audit_question_create,
    audit_question_update,
    audit_section_create,
    audit_tool_create,
    audit_tool_version_for_edit,
    learning_theme_create,
    programme_findings_set,
)

__all__ = [
    "ERROR_ACTION_DONE",
    "ERROR_CHANGED_NEEDS_GRADE",
    "ERROR_DUPLICATE_CHILD",
    "ERROR_FINDINGS_STALE",
    "ERROR_MODERATION_DONE",
    "ERROR_MODERATOR_IS_AUDITOR",
    "ERROR_NOT_AUDITOR",
    "ERROR_NOT_EDITABLE",
    "ERROR_NO_AUDITORS",
    "ERROR_OLD_VERSION",
    "ERROR_OWN_CASE",
    "ERROR_QUESTION_STALE",
    "ERROR_SAME_GRADE",
    "ERROR_SUBMITTED_ELSEWHERE",
    "ERROR_TOOL_EMPTY",
    "ERROR_UNASSIGNABLE",
    "AuditError",
    "AuditIncomplete",
    "StaleQuestionError",
    "audit_add_manual",
    "audit_answers_save",
    "audit_escalate",
    "audit_missing_answers",
    "audit_overall_set",
    "audit_programme_create",
    "audit_question_create",
    "audit_question_update",
    "audit_reassign",
    "audit_sample_draw",
    "audit_section_create",
    "audit_submit",
    "audit_tool_create",
    "audit_tool_version_for_edit",
    "child_action_complete",
    "child_action_create",
    "escalation_recipients",
    "learning_theme_create",
    "moderation_complete",
    "moderation_selection",
    "moderator_roles",
    "programme_findings_set",
    "theme_plan_action_raise",
]
