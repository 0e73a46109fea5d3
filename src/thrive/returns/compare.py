"""Compare two versions of one return: which errors were fixed or appeared, what data changed."""

from __future__ import annotations

from dataclasses import dataclass, field

from thrive.returns.models import Submission, ValidationFinding
from thrive.returns.selectors import submission_table


@dataclass(frozen=True)
class TableChange:
    table: str
    rows_before: int
    rows_after: int
    children_added: int
    children_removed: int


@dataclass
class Comparison:
    before: Submission
    after: Submission
    fixed: list[ValidationFinding] = field(default_factory=list)
    appeared: list[ValidationFinding] = field(default_factory=list)
    unchanged: int = 0
    tables: list[TableChange] = field(default_factory=list)


def _key(finding: ValidationFinding) -> tuple[str, str, str, str]:
    # Rows move between versions, so an issue is "the same" by rule, table, child and fields.
    return (finding.rule, finding.table, finding.child, ",".join(finding.fields))


CHILD_COLUMNS = ("CHILD", "LAchildID", "Child Unique ID", "StaffID")


def _children(submission: Submission, table: str) -> set[str]:
    frame = submission_table(submission=submission, table=table)
    if frame is None:
        return set()
    columns = frame.collect_schema().names()
    for column in CHILD_COLUMNS:
        if column in columns:
            return set(frame.select(column).drop_nulls().collect()[column].to_list())
    return set()


def submission_compare(*, before: Submission, after: Submission) -> Comparison:
    old = {_key(f): f for f in before.findings.all()}
    new = {_key(f): f for f in after.findings.all()}
    comparison = Comparison(before=before, after=after)
    comparison.fixed = [old[key] for key in sorted(old.keys() - new.keys())]
    comparison.appeared = [new[key] for key in sorted(new.keys() - old.keys())]
    comparison.unchanged = len(old.keys() & new.keys())
    for table in sorted(set(before.tables) | set(after.tables)):
        was = _children(before, table)
        now = _children(after, table)
        comparison.tables.append(
            TableChange(
                table=table,
                rows_before=int(before.tables.get(table, 0)),
                rows_after=int(after.tables.get(table, 0)),
                children_added=len(now - was),
                children_removed=len(was - now),
            )
        )
    return comparison
