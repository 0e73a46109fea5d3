"""Delivery RAG: is an action on track against its dates and milestones? Pure, no database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

DUE_SOON_DAYS = 14


@dataclass(frozen=True)
class MilestoneFacts:
    title: str
    due_date: date
    completed_on: date | None


@dataclass(frozen=True)
class DeliveryFacts:
    status: str
    start_date: date
    due_date: date
    revised_due_date: date | None
    completed_on: date | None
    milestones: tuple[MilestoneFacts, ...] = ()


@dataclass(frozen=True)
class DeliveryResult:
    rag: str
    reason: str
    overridden: bool = False


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def delivery_rag(facts: DeliveryFacts, today: date) -> DeliveryResult:
    """Rules, first match wins:

    1. complete: green (amber if it finished after its current due date);
    2. closed without completion: amber;
    3. blocked: red;
    4. past the current due date: red (overdue);
    5. a milestone past its date and not done: red if over 28 days late, otherwise amber;
    6. not started after its start date: amber;
    7. due within 14 days and not started: amber;
    8. otherwise green, on track. A revised due date is always named in the reason.
    """
    due = facts.revised_due_date or facts.due_date
    revised = (
        f" (revised from {facts.due_date:%-d %B %Y})"
        if facts.revised_due_date and facts.revised_due_date != facts.due_date
        else ""
    )
    if facts.status == "complete":
        done = facts.completed_on or today
        if done > due:
            return DeliveryResult(
                "amber", f"Completed {done:%-d %B %Y}, {_days((done - due).days)} after it was due"
            )
        return DeliveryResult("green", f"Completed {done:%-d %B %Y}, on time{revised}")
    if facts.status == "closed":
        return DeliveryResult("amber", "Closed without being completed")
    if facts.status == "blocked":
        return DeliveryResult("red", "Blocked: the owner has reported it cannot progress")
    if today > due:
        return DeliveryResult(
            "red", f"Overdue by {_days((today - due).days)}: due {due:%-d %B %Y}{revised}"
        )
    late = [m for m in facts.milestones if m.completed_on is None and m.due_date < today]
    if late:
        worst = min(late, key=lambda m: m.due_date)
        days_late = (today - worst.due_date).days
        rag = "red" if days_late > 28 else "amber"
        more = f" and {len(late) - 1} more" if len(late) > 1 else ""
        return DeliveryResult(rag, f"Milestone “{worst.title}” is {_days(days_late)} late{more}")
    if facts.status == "not_started" and today > facts.start_date:
        return DeliveryResult(
            "amber", f"Not started, though it was due to start {facts.start_date:%-d %B %Y}"
        )
    if facts.status == "not_started" and (due - today).days <= DUE_SOON_DAYS:
        return DeliveryResult("amber", f"Not started and due {due:%-d %B %Y}")
    finished = sum(1 for m in facts.milestones if m.completed_on is not None)
    milestones = (
        f"; {finished} of {len(facts.milestones)} milestones done" if facts.milestones else ""
    )
    return DeliveryResult("green", f"On track: due {due:%-d %B %Y}{revised}{milestones}")
