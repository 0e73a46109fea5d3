"""Audit rule errors and their messages, shared by the audit services."""

from __future__ import annotations

ERROR_OWN_CASE = "An auditor cannot audit a case they work on: choose someone else"
ERROR_DUPLICATE_CHILD = "This child is already in the programme"
ERROR_TOOL_EMPTY = "The tool has no questions yet: add at least one before using it"
ERROR_NOT_EDITABLE = "This audit has been submitted and can no longer be changed"
ERROR_NOT_AUDITOR = "Only the assigned auditor can change this audit"
ERROR_OLD_VERSION = "Only the current version of a tool can be edited"
ERROR_MODERATOR_IS_AUDITOR = "You audited this case, so someone else must moderate it"
ERROR_MODERATION_DONE = "This moderation has already been completed"
ERROR_SAME_GRADE = "Choose a grade different from the auditor's, or agree the grade"
ERROR_CHANGED_NEEDS_GRADE = "Choose the moderated grade"
ERROR_UNASSIGNABLE = (
    "Some cases could only go to their own worker: choose more auditors ({children})"
)
ERROR_NO_AUDITORS = "Choose at least one auditor"
ERROR_ACTION_DONE = (
    "This action has already been marked complete, perhaps by someone else or in another tab. "
    "Your note has not been saved. Open the audit to see who completed it and their note."
)
ERROR_QUESTION_STALE = (
    "Someone else changed this question while you were editing it. Your changes have not been "
    "saved. Check the question as it is now below, then make your changes again if needed."
)
ERROR_FINDINGS_STALE = (
    "Someone else changed the findings while you were editing them. Your text has not been "
    "saved. Read the findings as they are now, then add your changes again."
)
ERROR_SUBMITTED_ELSEWHERE = (
    "This audit was submitted in another tab or window while you were working on it, so your "
    "changes have not been saved. Open the audit to see what was submitted."
)


class AuditError(Exception):
    """A rule of auditing was broken; the message is for the person who tried."""


class StaleQuestionError(AuditError):
    """The question was saved by someone else after this person's form was loaded."""


class AuditIncomplete(AuditError):
    """Submission refused: `missing` lists what still needs an answer."""

    def __init__(self, missing: list[str]) -> None:
        super().__init__("The audit is not finished")
        self.missing = missing
