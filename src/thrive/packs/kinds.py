"""The kinds of pack, registered once: their sections, how their figures are read, their body.

A new pack kind is one `register(PackType(...))` here, a content builder in `content.py` and a
body template; the list, draft, commentary, issue and download pages serve every kind.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from thrive.councils.models import Council
from thrive.packs import content
from thrive.packs.models import PackKind

ContentBuilder = Callable[..., dict[str, Any]]


@dataclass(frozen=True, slots=True)
class PackType:
    kind: PackKind
    summary: str
    sections: tuple[tuple[str, str], ...]
    build: ContentBuilder
    body_template: str

    def content(self, *, council: Council, as_at: date) -> dict[str, Any]:
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


register(
    PackType(
        PackKind.BOARD,
        "Monthly: headline measures, plan progress, exceptions, audits, voice, action log.",
        content.SECTIONS,
        content.board_pack_content,
        "packs/_board_body.html",
    )
)
register(
    PackType(
        PackKind.DFE_UPDATE,
        "Quarterly: progress on each priority, measures then and now, workforce, views, risks.",
        content.DFE_SECTIONS,
        content.dfe_update_content,
        "packs/_dfe_body.html",
    )
)
register(
    PackType(
        PackKind.MEMBERS,
        "For scrutiny and corporate parenting panels: plain language, questions to ask.",
        content.MEMBERS_SECTIONS,
        content.members_briefing_content,
        "packs/_members_body.html",
    )
)
