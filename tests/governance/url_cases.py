"""Governance URLs for the walking tests (see tests/url_registry.py)."""

from __future__ import annotations

from datetime import date
from typing import Any

from tests.url_registry import World, council_kwargs, only
from thrive.governance.services import (
    board_create,
    decision_add,
    log_action_add,
    meeting_create,
    member_add,
    paper_add,
)

EDITORS = {"admin", "director", "manager"}
READERS = {
    "admin",
    "director",
    "manager",
    "analyst",
    "qa_lead",
    "practitioner",
    "board_member",
    "adviser",
    "councillor",
}


def _board(council: Any, marker: str) -> dict[str, Any]:
    board = board_create(
        council=council, name=f"{marker} Improvement Board", kind="improvement_board"
    )
    member_add(board=board, name=f"{marker} Chair", organisation="Independent")
    meeting = meeting_create(board=board, date=date(2026, 3, 10), location=f"{marker} room")
    decision_add(meeting=meeting, text=f"{marker} decision")
    paper = paper_add(meeting=meeting, title=f"{marker} paper", link="https://example.test/p")
    log = log_action_add(meeting=meeting, text=f"{marker} log action", owner_name="DCS")
    return {"board": board, "meeting": meeting, "paper": paper, "log": log}


def populate(world: World) -> None:
    objects = _board(world.council_a, "Marker-A")
    _board(world.council_b, "Marker-B")
    world.objects.update({f"gov_{k}": v for k, v in objects.items()})


def _pk(key: str) -> Any:
    return lambda world: {**council_kwargs(world), "pk": world.objects[key].pk}


URL_KWARGS = {
    "governance:board-list": council_kwargs,
    "governance:board-add": council_kwargs,
    "governance:board-detail": _pk("gov_board"),
    "governance:member-add": _pk("gov_board"),
    "governance:meeting-add": _pk("gov_board"),
    "governance:meeting-detail": _pk("gov_meeting"),
    "governance:meeting-item-add": lambda world: {
        **council_kwargs(world),
        "pk": world.objects["gov_meeting"].pk,
        "kind": "decision",
    },
    "governance:paper-download": _pk("gov_paper"),
    "governance:action-log": council_kwargs,
    "governance:log-promote": _pk("gov_log"),
    "governance:log-done": _pk("gov_log"),
}

PERMISSION_MATRIX = [
    ("governance:board-list", "GET", only(READERS)),
    ("governance:board-detail", "GET", only(READERS)),
    ("governance:meeting-detail", "GET", only(READERS)),
    ("governance:action-log", "GET", only(READERS)),
    # The walker's paper is a link, not a file.
    ("governance:paper-download", "GET", only(READERS, yes=404)),
    ("governance:board-add", "GET", only(EDITORS)),
    ("governance:board-add", "POST", only(EDITORS)),
    ("governance:member-add", "GET", only(EDITORS)),
    ("governance:meeting-add", "GET", only(EDITORS)),
    ("governance:meeting-item-add", "GET", only(EDITORS)),
    ("governance:meeting-item-add", "POST", only(EDITORS)),
    ("governance:log-promote", "GET", only(EDITORS)),
    ("governance:log-done", "POST", only(EDITORS, yes=302)),
    ("governance:log-done", "GET", only(EDITORS, yes=405)),
]
