"""Reading packs: which a person may see (drafts only for authors)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from thrive.councils.models import Council
from thrive.councils.permissions import can
from thrive.councils.roles import Action
from thrive.packs.models import Pack, PackStatus


def pack_list(*, council: Council, user: Any) -> QuerySet[Pack]:
    packs = Pack.objects.for_council(council).select_related("issued_by", "created_by")
    if not can(user, Action.AUTHOR_PACKS, council):
        packs = packs.filter(status=PackStatus.ISSUED)
    return packs
