"""Every pack as a tagged PDF, read back: headings, figures against the measure registry,
empty states, and an issued pack that does not change when new data lands (issue 14)."""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from tests.factories import signed_in_client
from tests.packs.builders import AS_AT, VACANCY, rich_council
from tests.packs.pdf_text import pdf_catalog, pdf_text, pdf_title
from thrive.measures.models import MeasureValue
from thrive.metrics.registry import get
from thrive.packs import services
from thrive.packs.content import HEADLINE_MEASURES
from thrive.packs.kinds import pack_type
from thrive.plans.services import plan_create, priority_create

pytestmark = pytest.mark.django_db

KINDS = ("board", "dfe", "evidence", "self-evaluation", "members")
# What each pack says when the council has no data at all.
EMPTY_STATES = {
    "board": ("There is no active improvement plan.", "No audits have been submitted yet."),
    "dfe": ("There is no active improvement plan.", "No plan actions fall due"),
    "evidence": ("This priority has no actions yet.", "No feedback is linked to this theme yet."),
    "self-evaluation": ("No case audits were submitted in the last 12 months.", "no figures yet"),
    "members": ("no figures yet", "There is no active improvement plan."),
}


def _issued(council: Any, kind: str, priority: Any) -> Any:
    pack = services.pack_create(
        council=council, as_at=AS_AT, user=None, kind=kind, priority=priority
    )
    return services.pack_issue(pack=pack, user=None, revision=pack.revision)


def _vacancy(content: dict[str, Any]) -> dict[str, Any]:
    return next(h for h in content["headlines"] if h["id"] == "vacancy_pct")


def _check_tagged(data: bytes, pack: Any) -> None:
    catalog = pdf_catalog(data)
    assert b"/StructTreeRoot" in catalog and b"/MarkInfo <</Marked true>>" in catalog
    assert b"/Lang (en-GB)" in catalog and b"/Outlines" in catalog
    assert b"/DisplayDocTitle true" in catalog
    assert pdf_title(data) == f"{pack.title} – {pack.council.name}"


@pytest.mark.parametrize("kind", KINDS)
def test_each_pack_renders_without_data_with_clear_empty_states(
    kind: str, council_factory: Any
) -> None:
    council = council_factory(name="Emptyshire")
    priority = None
    if kind == "evidence":
        priority = priority_create(plan=plan_create(council=council, title="Plan"), title="Care")
    pack = _issued(council, kind, priority)
    data = services.pack_pdf_bytes(pack)
    _check_tagged(data, pack)
    text = pdf_text(data)
    for _key, heading in pack_type(kind).sections:
        assert heading in text, heading
    for message in EMPTY_STATES[kind]:
        assert message in text, message


@pytest.mark.parametrize("kind", KINDS)
def test_each_pack_shows_the_registry_figures_for_a_demo_like_council(
    kind: str, council_factory: Any, person: Any
) -> None:
    council = council_factory(name="Northbridge")
    rich = rich_council(council, person("qa_lead", council))
    pack = _issued(council, kind, rich.priority)
    data = services.pack_pdf_bytes(pack)
    _check_tagged(data, pack)
    text = pdf_text(data)
    assert text.startswith(pack.title)
    for _key, heading in pack_type(kind).sections:
        assert heading in text, heading
    vacancy = get("vacancy_pct")
    assert vacancy.name in text
    latest = VACANCY["2026-10"]
    if kind == "board":
        # Headline row: name, period, value, target, RAG, in the registry's order.
        assert f"{vacancy.name} 2026-10 {latest:g} 15 Red" in text
        names = [get(m).name for m in HEADLINE_MEASURES]
        assert sorted(names, key=text.index) == names
    elif kind == "dfe":
        # Then (the start of the period, July) and now.
        assert "Then (2026-07) Now" in text
        assert f"{vacancy.name} {VACANCY['2026-07']:g} {latest:g} 2026-10 15" in text
    elif kind == "evidence":
        assert f"{vacancy.name} 2026-10 {latest:g} 15 Red" in text
        assert "Care planning" in text and "Plans are clearer" in text
    elif kind == "self-evaluation":
        # A bold name is its own run of text: the reader puts a space before the colon.
        assert (
            f"{vacancy.name} : {latest:g} in 2026-10 (target 15, red); over the year, better"
            in text
        )
    else:
        assert f"{vacancy.name} was {latest:g} in 2026-10 against a target of 15" in text


def test_an_issued_pack_is_unchanged_after_new_data_lands(
    council_factory: Any, person: Any, client: Any
) -> None:
    council = council_factory()
    rich_council(council, person("qa_lead", council))
    pack = _issued(council, "board", None)
    snapshot, data = dict(pack.snapshot), services.pack_pdf_bytes(pack)
    # The month's figures are recomputed (corrected) and a new month lands.
    MeasureValue.objects.filter(council=council, measure_id="vacancy_pct", period="2026-10").update(
        value=52.5
    )
    MeasureValue.objects.create(
        council=council, measure_id="vacancy_pct", period="2026-11", period_type="month", value=9
    )
    pack.refresh_from_db()
    assert services.pack_live_content(pack) == snapshot
    again = services.pack_pdf_bytes(pack)
    assert again == data and hashlib.sha256(again).hexdigest() == pack.pdf_sha256
    assert "52.5" not in pdf_text(again)
    signed_in_client(client, person("board_member", council))
    page = client.get(reverse("packs:pack-detail", args=[council.la_number, pack.pk]))
    assert "52.5" not in page.content.decode()
    draft = services.pack_create(council=council, as_at=AS_AT, user=None)
    assert draft.version == 2
    vacancy = next(
        h for h in services.pack_live_content(draft)["headlines"] if h["id"] == "vacancy_pct"
    )
    assert vacancy["value"] == 52.5  # a new version shows the corrected figure
    later = services.pack_create(council=council, as_at=date(2026, 11, 30), user=None)
    latest = next(
        h for h in services.pack_live_content(later)["headlines"] if h["id"] == "vacancy_pct"
    )
    assert (latest["period"], latest["value"]) == ("2026-11", 9)
