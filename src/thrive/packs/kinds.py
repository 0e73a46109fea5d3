"""The kinds of pack, registered once: their sections, how their figures are read, their body.

A new pack kind is one `register(PackType(...))` here, a content builder (`content.py`,
`evidence.py`, `self_evaluation.py`) and a body template; the list, draft, commentary, issue and
download pages and `thrive report` serve every kind.

`themed` kinds take a theme (a plan priority); `children` lists, for the screen only, the
children behind a kind's figures (`None`: the kind has no child-level list).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from thrive.councils.models import Council
from thrive.packs import content
from thrive.packs.evidence import EVIDENCE_SECTIONS, evidence_children, evidence_pack_content
from thrive.packs.models import PackKind
from thrive.packs.self_evaluation import (
    SEF_SECTIONS,
    self_evaluation_children,
    self_evaluation_content,
)

ContentBuilder = Callable[..., dict[str, Any]]
ChildrenLister = Callable[..., list[dict[str, Any]]]


@dataclass(frozen=True, slots=True)
class PackType:
    kind: PackKind
    summary: str
    sections: tuple[tuple[str, str], ...]
    build: ContentBuilder
    body_template: str
    command: str
    themed: bool = False
    children: ChildrenLister | None = None

    def content(self, *, council: Council, as_at: date, priority: Any = None) -> dict[str, Any]:
        if self.themed:
            return self.build(council=council, as_at=as_at, priority=priority)
        return self.build(council=council, as_at=as_at)


_TYPES: dict[str, PackType] = {}


def register(pack_type: PackType) -> PackType:
    if pack_type.kind in _TYPES:
        raise ValueError(f"pack kind {pack_type.kind} is registered twice")
    _TYPES[pack_type.kind] = pack_type
    return pack_type


def pack_type(kind: str) -> PackType:
    return _TYPES[kind]


def pack_types() -> list[PackType]:
    return list(_TYPES.values())


def pack_type_for_command(name: str) -> PackType | None:
    """The kind `thrive report NAME` writes (board-pack, dfe-update, ...), if there is one."""
    return next((t for t in _TYPES.values() if t.command == name), None)


register(
    PackType(
        PackKind.BOARD,
        "Monthly: headline measures, plan progress, exceptions, audits, voice, action log.",
        content.SECTIONS,
        content.board_pack_content,
        "packs/_board_body.html",
        "board-pack",
    )
)
register(
    PackType(
        PackKind.DFE_UPDATE,
        "Quarterly: progress on each priority, measures then and now, workforce, views, risks.",
        content.DFE_SECTIONS,
        content.dfe_update_content,
        "packs/_dfe_body.html",
        "dfe-update",
    )
)
register(
    PackType(
        PackKind.MEMBERS,
        "For scrutiny and corporate parenting panels: plain language, questions to ask.",
        content.MEMBERS_SECTIONS,
        content.members_briefing_content,
        "packs/_members_body.html",
        "members-briefing",
    )
)
register(
    PackType(
        PackKind.EVIDENCE,
        "Before a monitoring visit, on one plan priority: recommendations, actions and impact, "
        "measures, audit findings, feedback.",
        EVIDENCE_SECTIONS,
        evidence_pack_content,
        "packs/_evidence_body.html",
        "evidence-pack",
        themed=True,
        children=evidence_children,
    )
)
register(
    PackType(
        PackKind.SELF_EVALUATION,
        "Yearly, for Ofsted's annual engagement meeting: what we know about practice, how we "
        "know it, our plans for the next 12 months.",
        SEF_SECTIONS,
        self_evaluation_content,
        "packs/_self_evaluation_body.html",
        "self-evaluation",
        children=self_evaluation_children,
    )
)
