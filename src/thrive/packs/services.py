"""Writing packs: create a draft, add commentary, issue (freeze) it.

An issued pack never changes: its figures are the snapshot taken at issue, its PDF is stored
once with its SHA-256, and every later download is that file, checked against the checksum.
"""

from __future__ import annotations

import hashlib
import uuid
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from thrive.councils.models import Council
from thrive.packs.kinds import pack_type
from thrive.packs.models import Pack, PackKind, PackSection, PackStatus
from thrive.packs.render import pack_context, pack_pdf

ISSUED_ALREADY = "This pack has been issued, so it cannot change. Start a new version instead."
STALE = (
    "Someone else changed this pack while you were editing it. Your text has not been saved: "
    "reload the page, check their changes and add yours again."
)
UNKNOWN_SECTION = "There is no section called {key} in this pack."
PDF_CHANGED = "The stored PDF of this pack does not match its checksum: it has been altered."


class PackError(Exception):
    """A pack change that cannot be made, with a message for the person making it."""


def _data_root() -> Path:
    return Path(settings.THRIVE_DATA_DIR)


NEEDS_THEME = "Choose the plan priority the evidence pack is about."
OTHER_COUNCIL = "That priority belongs to another council's plan."


def pack_title(*, kind: str, as_at: date, priority: Any = None) -> str:
    theme = f" on {priority.title}" if priority is not None else ""
    return f"{PackKind(kind).label}{theme}: {as_at:%B %Y}"


def pack_create(
    *,
    council: Council,
    as_at: date,
    user: Any,
    kind: str = PackKind.BOARD,
    priority: Any = None,
) -> Pack:
    """A new draft for the month of `as_at` (the next version when one exists).

    Raises:
        PackError: a themed kind (the evidence pack) without a priority of this council.
    """
    if pack_type(kind).themed:
        if priority is None:
            raise PackError(NEEDS_THEME)
        if priority.council_id != council.pk:
            raise PackError(OTHER_COUNCIL)
    else:
        priority = None
    with transaction.atomic():
        top = (
            Pack.objects.for_council(council)
            .select_for_update()
            .filter(kind=kind, as_at=as_at)
            .aggregate(top=Max("version"))["top"]
        )
        pack = Pack.objects.create(
            council=council,
            kind=kind,
            as_at=as_at,
            version=(top or 0) + 1,
            priority=priority,
            title=pack_title(kind=kind, as_at=as_at, priority=priority),
            created_by=user,
        )
        for key, _title in pack_type(kind).sections:
            PackSection.objects.create(council=council, pack=pack, key=key)
    return pack


def pack_commentary(pack: Pack) -> dict[str, str]:
    return {section.key: section.commentary for section in pack.sections.all()}


def pack_commentary_set(*, pack: Pack, key: str, text: str, revision: int) -> Pack:
    """Save the author's commentary on one section of a draft (optimistic lock on `revision`).

    Raises:
        PackError: the pack is issued, the section is unknown, or someone saved in between.
    """
    if key not in dict(pack_type(pack.kind).sections):
        raise PackError(UNKNOWN_SECTION.format(key=key))
    with transaction.atomic():
        locked = Pack.objects.select_for_update().get(pk=pack.pk)
        if locked.is_issued:
            raise PackError(ISSUED_ALREADY)
        if locked.revision != revision:
            raise PackError(STALE)
        PackSection.objects.filter(pack=locked, key=key).update(commentary=text.strip())
        Pack.objects.filter(pk=locked.pk).update(revision=F("revision") + 1)
    locked.refresh_from_db()
    return locked


def pack_live_content(pack: Pack) -> dict[str, Any]:
    """The figures a pack shows: its frozen snapshot once issued, today's data while a draft."""
    if pack.is_issued:
        return pack.snapshot
    return pack_type(pack.kind).content(
        council=pack.council, as_at=pack.as_at, priority=pack.priority
    )


def pack_issue(*, pack: Pack, user: Any, revision: int) -> Pack:
    """Freeze the figures, render and store the PDF with its checksum, mark the pack issued.

    Raises:
        PackError: already issued, or changed since the person looked at it.
    """
    with transaction.atomic():
        locked = Pack.objects.select_for_update().get(pk=pack.pk)
        if locked.is_issued:
            raise PackError(ISSUED_ALREADY)
        if locked.revision != revision:
            raise PackError(STALE)
        content = pack_type(locked.kind).content(
            council=locked.council, as_at=locked.as_at, priority=locked.priority
        )
        locked.status = PackStatus.ISSUED
        locked.issued_by = user
        locked.issued_at = timezone.now()
        locked.snapshot = content
        pdf = pack_pdf(
            pack_context(pack=locked, content=content, commentary=pack_commentary(locked))
        )
        folder = _data_root() / "councils" / locked.council.la_number / "packs"
        folder.mkdir(parents=True, exist_ok=True)
        final = folder / f"pack-{locked.pk}-v{locked.version}.pdf"
        temporary = folder / f".tmp-{uuid.uuid4().hex}"
        temporary.write_bytes(pdf)
        try:
            locked.pdf_path = str(final.relative_to(_data_root()))
            locked.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
            locked.revision += 1
            locked.save()
            temporary.rename(final)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
    return locked


def pack_pdf_bytes(pack: Pack) -> bytes:
    """The PDF: the stored file of an issued pack (checked), or a fresh render of a draft.

    Raises:
        PackError: the stored file no longer matches its checksum.
    """
    if not pack.is_issued:
        content = pack_live_content(pack)
        return pack_pdf(pack_context(pack=pack, content=content, commentary=pack_commentary(pack)))
    data = (_data_root() / pack.pdf_path).read_bytes()
    if hashlib.sha256(data).hexdigest() != pack.pdf_sha256:
        raise PackError(PDF_CHANGED)
    return data


DRAFT_SUBJECT = "Thrive: the {month} board pack draft is ready for your commentary"
DRAFT_BODY = """Hello {name},

{council}'s data for {month} has landed, so Thrive has started the draft of the monthly
Improvement Board pack. Its figures stay live until you issue it.

Add your commentary and issue it here: {url}

Thrive
"""


def board_pack_draft_after_ingest(
    *, council: Council, today: date, base_url: str = ""
) -> Pack | None:
    """Start this month's board pack once the month's data has landed, and tell its author.

    Nothing happens when a board pack for this month already exists (draft or issued). The
    author is whoever prepared the last board pack, if they may still author packs; otherwise
    every person in the council who may.
    """
    from django.core.mail import send_mail
    from django.urls import reverse

    from thrive.councils.permissions import can, users_with_action
    from thrive.councils.roles import Action

    month = Pack.objects.for_council(council).filter(
        kind=PackKind.BOARD, as_at__year=today.year, as_at__month=today.month
    )
    if month.exists():
        return None
    previous = Pack.objects.for_council(council).filter(kind=PackKind.BOARD).first()
    pack = pack_create(council=council, as_at=today, user=None)
    author = previous.created_by if previous else None
    if author is not None and author.is_active and can(author, Action.AUTHOR_PACKS, council):
        recipients = [author]
    else:
        recipients = users_with_action(council=council, action=Action.AUTHOR_PACKS)
    url = base_url + reverse("packs:pack-detail", args=[council.la_number, pack.pk])
    for person in recipients:
        if not person.email:
            continue
        send_mail(
            DRAFT_SUBJECT.format(month=f"{today:%B %Y}"),
            DRAFT_BODY.format(
                name=person.get_full_name() or person.username,
                council=council.name,
                month=f"{today:%B %Y}",
                url=url,
            ),
            settings.DEFAULT_FROM_EMAIL,
            [person.email],
        )
    return pack
