"""Delivery RAG from dates, status and milestones; impact RAG from evidence; each with a reason."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thrive.plans.impact import ImpactEvidence, combine_impact, measure_evidence
from thrive.plans.rag import DeliveryFacts, MilestoneFacts, delivery_rag

TODAY = date(2026, 6, 1)


def facts(**extra: object) -> DeliveryFacts:
    values: dict[str, object] = {
        "status": "in_progress",
        "start_date": date(2026, 4, 1),
        "due_date": date(2026, 9, 30),
        "revised_due_date": None,
        "completed_on": None,
        "milestones": (),
    }
    values.update(extra)
    return DeliveryFacts(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("extra", "rag", "reason"),
    [
        ({}, "green", "On track: due 30 September 2026"),
        ({"status": "blocked"}, "red", "Blocked"),
        ({"due_date": date(2026, 5, 20)}, "red", "Overdue by 12 days"),
        (
            {"due_date": date(2026, 5, 20), "revised_due_date": date(2026, 7, 31)},
            "green",
            "revised from 20 May 2026",
        ),
        ({"status": "not_started"}, "amber", "Not started, though it was due to start"),
        (
            {"status": "complete", "completed_on": date(2026, 5, 1)},
            "green",
            "Completed 1 May 2026, on time",
        ),
        (
            {"status": "complete", "completed_on": date(2026, 10, 2)},
            "amber",
            "2 days after it was due",
        ),
        (
            {"milestones": (MilestoneFacts("Audit tool agreed", date(2026, 5, 25), None),)},
            "amber",
            "Milestone “Audit tool agreed” is 7 days late",
        ),
        (
            {"milestones": (MilestoneFacts("Training", date(2026, 4, 1), None),)},
            "red",
            "61 days late",
        ),
        (
            {"milestones": (MilestoneFacts("Training", date(2026, 4, 1), date(2026, 4, 1)),)},
            "green",
            "1 of 1 milestones done",
        ),
        ({"status": "closed"}, "amber", "Closed without"),
    ],
)
def test_delivery_rag(extra: dict[str, object], rag: str, reason: str) -> None:
    result = delivery_rag(facts(**extra), TODAY)
    assert result.rag == rag
    assert reason in result.reason


def test_not_started_and_due_soon_is_amber() -> None:
    result = delivery_rag(
        facts(status="not_started", start_date=date(2026, 6, 5), due_date=date(2026, 6, 10)),
        TODAY,
    )
    assert (result.rag, result.reason) == ("amber", "Not started and due 10 June 2026")


def test_impact_unknown_without_evidence() -> None:
    assert combine_impact([]) == (
        "",
        "Not yet known: no linked measure or audit has a result yet.",
    )


def test_impact_any_red_is_red_and_names_the_source() -> None:
    rag, reason = combine_impact(
        [
            ImpactEvidence("green", "on target", "Measure a"),
            ImpactEvidence("red", "worse", "Audits"),
        ]
    )
    assert rag == "red"
    assert "Audits: worse" in reason and "Measure a" not in reason


def test_impact_all_green_and_mixed() -> None:
    green = ImpactEvidence("green", "on target", "Measure a")
    amber = ImpactEvidence("amber", "near", "Measure b")
    assert combine_impact([green, green])[0] == "green"
    assert combine_impact([green, amber]) == ("amber", "Amber because Measure b: near")
    assert combine_impact([ImpactEvidence("purple", "?", "x")])[0] == ""


@pytest.mark.parametrize(
    ("rag", "spc", "expected"),
    [
        ("green", "common", "green"),
        ("green", "concern", "amber"),
        ("amber", "concern", "red"),
        ("red", "improving", "amber"),
        ("red", "common", "red"),
        ("", "improving", "amber"),
        ("", "", ""),
    ],
)
def test_measure_signal_adjusts_rag(rag: str, spc: str, expected: str) -> None:
    evidence = measure_evidence(measure_id="m", rag=rag, spc_signal=spc, period="2026-05")
    assert evidence.rag == expected
    assert evidence.source == "Measure m"


@given(
    status=st.sampled_from(["not_started", "in_progress", "blocked", "complete", "closed"]),
    start=st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 1, 1)),
    length=st.integers(min_value=0, max_value=400),
    slip=st.one_of(st.none(), st.integers(min_value=1, max_value=200)),
    today=st.dates(min_value=date(2025, 1, 1), max_value=date(2028, 1, 1)),
)
def test_delivery_rag_always_has_a_rag_and_a_reason(
    status: str, start: date, length: int, slip: int | None, today: date
) -> None:
    due = start + timedelta(days=length)
    result = delivery_rag(
        facts(
            status=status,
            start_date=start,
            due_date=due,
            revised_due_date=due + timedelta(days=slip) if slip else None,
            completed_on=start if status == "complete" else None,
        ),
        today,
    )
    assert result.rag in {"red", "amber", "green"} and result.reason
    effective = due + timedelta(days=slip) if slip else due
    if status in {"not_started", "in_progress"} and today > effective:
        assert result.rag == "red" and result.reason.startswith("Overdue")
