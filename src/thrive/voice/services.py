"""Writes for voice: feedback, survey imports (all or nothing), links, you said / we did."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from thrive.audits.models import LearningTheme
from thrive.councils.models import Council
from thrive.voice.importing import RowError, read_feedback_csv
from thrive.voice.models import Feedback, FeedbackImport, YouSaidWeDid

ERROR_ROLE_NEEDED = "Enter the role to attribute the quote to, for example care leaver, 19"
ERROR_WRONG_COUNCIL = "That belongs to a different council"


class VoiceError(Exception):
    """A voice rule was broken; the message is for the person who tried."""


class ImportRejected(VoiceError):
    """The import had row errors, so nothing was saved."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(f"{len(errors)} problem{'s' if len(errors) != 1 else ''} in the file")
        self.errors = errors


def _same_council(council: Council, objects: Iterable[Any]) -> list[Any]:
    items = list(objects)
    if any(item.council_id != council.pk for item in items):
        raise VoiceError(ERROR_WRONG_COUNCIL)
    return items


@transaction.atomic
def feedback_create(
    *,
    council: Council,
    source_type: str,
    channel: str,
    received_on: date,
    summary: str,
    quote: str,
    attributed_role: str,
    consent_to_quote: bool,
    sentiment: str,
    themes: Iterable[LearningTheme] = (),
    reference: str = "",
    created_by: Any = None,
    source_import: FeedbackImport | None = None,
) -> Feedback:
    if quote.strip() and consent_to_quote and not attributed_role.strip():
        raise VoiceError(ERROR_ROLE_NEEDED)
    feedback = Feedback.objects.create(
        council=council,
        source_type=source_type,
        channel=channel,
        received_on=received_on,
        summary=summary,
        quote=quote.strip(),
        attributed_role=attributed_role.strip(),
        consent_to_quote=consent_to_quote,
        sentiment=sentiment,
        reference=reference,
        created_by=created_by,
        source_import=source_import,
    )
    feedback.themes.set(_same_council(council, themes))
    return feedback


@transaction.atomic
def feedback_import(
    *, council: Council, filename: str, data: bytes, imported_by: Any, today: date | None = None
) -> FeedbackImport:
    """Import a survey export. Any row error rejects the whole file (nothing is saved).

    Raises:
        ImportFileError: the file cannot be read at all.
        ImportRejected: rows have errors; `errors` lists each one.
    """
    themes = {theme.name: theme for theme in LearningTheme.objects.for_council(council)}
    references = set(
        Feedback.objects.for_council(council)
        .exclude(reference="")
        .values_list("reference", flat=True)
    )
    rows, errors = read_feedback_csv(
        data,
        theme_names=set(themes),
        known_references=references,
        today=today or timezone.localdate(),
    )
    if errors:
        raise ImportRejected(errors)
    batch = FeedbackImport.objects.create(
        council=council,
        filename=filename[:200],
        sha256=hashlib.sha256(data).hexdigest(),
        row_count=len(rows),
        imported_by=imported_by,
    )
    for row in rows:
        feedback_create(
            council=council,
            source_type=row.source_type,
            channel=row.channel,
            received_on=row.received_on,
            summary=row.summary,
            quote=row.quote,
            attributed_role=row.attributed_role,
            consent_to_quote=row.consent_to_quote,
            sentiment=row.sentiment,
            themes=[themes[name] for name in row.theme_names],
            reference=row.reference,
            created_by=imported_by,
            source_import=batch,
        )
    return batch


@transaction.atomic
def feedback_links_set(
    *, feedback: Feedback, themes: Iterable[LearningTheme], actions: Iterable[Any]
) -> Feedback:
    """Set the themes of a piece of feedback and the plan actions it changed."""
    feedback.themes.set(_same_council(feedback.council, themes))
    feedback.actions.set(_same_council(feedback.council, actions))
    return feedback


STALE_ENTRY = (
    "Someone else changed this entry while you were editing it. Your changes have not been "
    "saved. Check the current entry below, then make your changes again if they are still needed."
)


class StaleEntryError(Exception):
    """The entry was saved by someone else after this person's form was loaded."""


@transaction.atomic
def you_said_we_did_save(
    *,
    council: Council,
    entry: YouSaidWeDid | None,
    audience: str,
    you_said: str,
    we_did: str,
    feedback: Iterable[Feedback],
    actions: Iterable[Any],
    published: bool,
    created_by: Any,
    version: int | None = None,
) -> YouSaidWeDid:
    """Create or edit an entry. `version` is the entry's version when the edit form was
    loaded: a save on top of someone else's is refused with `StaleEntryError`, nothing saved.
    Scripted callers pass None (last write wins)."""
    if entry is None:
        entry = YouSaidWeDid(council=council, created_by=created_by)
    else:
        entry = YouSaidWeDid.objects.select_for_update().get(pk=entry.pk)
        if version is not None and version != entry.version:
            raise StaleEntryError(STALE_ENTRY)
        entry.version += 1
    entry.audience, entry.you_said, entry.we_did = audience, you_said, we_did
    if published and not entry.published:
        entry.published_at = timezone.now()
    if not published:
        entry.published_at = None
    entry.published = published
    entry.save()
    entry.feedback.set(_same_council(council, feedback))
    entry.actions.set(_same_council(council, actions))
    return entry
