"""The monitoring-visit evidence pack and the self-evaluation draft (issue 14 items 1 and 2)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from tests.factories import signed_in_client
from tests.packs.builders import (
    AS_AT,
    CHILDREN,
    CONSENTED,
    NOT_CONSENTED,
    RECOMMENDATION,
    rich_council,
)
from thrive.councils.models import AccessLogEntry
from thrive.metrics.registry import get
from thrive.packs import services
from thrive.packs.evidence import evidence_pack_content
from thrive.packs.self_evaluation import SEF_SECTIONS, self_evaluation_content

pytestmark = pytest.mark.django_db


def test_the_evidence_pack_gathers_what_is_linked_to_its_priority(
    council_factory: Any, person: Any
) -> None:
    council = council_factory()
    rich = rich_council(council, person("qa_lead", council))
    content = evidence_pack_content(council=council, as_at=AS_AT, priority=rich.priority)
    assert content["theme"]["title"] == "Children in care"
    assert [r["text"] for r in content["recommendations"]] == [RECOMMENDATION]
    # Only the in-scope action; the workforce priority's action is left out.
    assert [a["title"] for a in content["actions"]] == [
        "Review every care plan within 20 working days"
    ]
    # Linked measures come from the registry; an id it does not know is dropped.
    assert [m["id"] for m in content["measures"]] == ["vacancy_pct"]
    vacancy = content["measures"][0]
    assert vacancy["name"] == get("vacancy_pct").name
    assert (vacancy["value"], vacancy["period"], vacancy["target"]) == (24.0, "2026-10", 15.0)
    assert content["learning_themes"] == ["Care planning"]
    assert content["audits"]["total"] == len(CHILDREN)
    assert content["audits"]["programmes"][0]["findings"].startswith("Plans are clearer")
    assert content["voice"]["total"] == 2
    assert [q["quote"] for q in content["voice"]["quotes"]] == [CONSENTED]
    assert NOT_CONSENTED not in str(content)
    assert not any(child in str(content) for child in CHILDREN)  # never child-level
    other = evidence_pack_content(council=council, as_at=AS_AT, priority=rich.other)
    assert other["recommendations"] == [] and other["measures"] == []
    assert other["audits"]["total"] == 0 and other["voice"]["total"] == 0


def test_an_evidence_pack_needs_a_priority_of_its_own_council(
    council_factory: Any, person: Any
) -> None:
    council, intruder = council_factory(), council_factory()
    rich = rich_council(intruder, person("qa_lead", intruder))
    with pytest.raises(services.PackError, match="Choose the plan priority"):
        services.pack_create(council=council, as_at=AS_AT, user=None, kind="evidence")
    with pytest.raises(services.PackError, match="another council"):
        services.pack_create(
            council=council, as_at=AS_AT, user=None, kind="evidence", priority=rich.priority
        )
    board = services.pack_create(council=council, as_at=AS_AT, user=None, priority=rich.priority)
    assert board.priority is None  # only themed kinds keep a theme


def test_self_evaluation_answers_the_three_questions(council_factory: Any, person: Any) -> None:
    council = council_factory()
    rich_council(council, person("qa_lead", council))
    pack = services.pack_create(council=council, as_at=AS_AT, user=None, kind="self-evaluation")
    assert [s.key for s in pack.sections.order_by("pk")] == [key for key, _ in SEF_SECTIONS]
    content = self_evaluation_content(council=council, as_at=AS_AT)
    vacancy = next(h for h in content["headlines"] if h["id"] == "vacancy_pct")
    assert (vacancy["value"], vacancy["direction"]) == (24.0, "better")  # falling vacancy
    assert content["off_track"] == [get("vacancy_pct").name]
    assert content["audits"]["total"] == 2 and content["audits"]["good_percent"] == 100
    assert content["sources"]["latest_period"] == "2026-10"
    assert content["sources"]["feedback_total"] == 2
    assert content["sources"]["you_said_we_did"] == 1
    assert [p["title"] for p in content["plan"]["priorities"]] == ["Children in care", "Workforce"]
    assert {a["title"] for a in content["next_year"]} == {
        "Review every care plan within 20 working days",
        "Recruit permanent team managers",
    }


@pytest.mark.parametrize("kind", ["evidence", "self-evaluation"])
def test_children_behind_the_figures_only_on_screen_for_permitted_roles(
    kind: str, council_factory: Any, person: Any, client: Any
) -> None:
    council = council_factory()
    rich = rich_council(council, person("qa_lead", council))
    pack = services.pack_create(
        council=council, as_at=AS_AT, user=None, kind=kind, priority=rich.priority
    )
    pack = services.pack_issue(pack=pack, user=None, revision=pack.revision)
    assert not any(child.encode() in services.pack_pdf_bytes(pack) for child in CHILDREN)
    detail = reverse("packs:pack-detail", args=[council.la_number, pack.pk])
    children = reverse("packs:pack-children", args=[council.la_number, pack.pk])
    reader = person("adviser", council)
    adviser = signed_in_client(client, reader)
    page = adviser.get(detail).content.decode()
    assert children in page and not any(child in page for child in CHILDREN)
    listed = adviser.get(children)
    assert listed.status_code == 200
    assert all(child in listed.content.decode() for child in CHILDREN)
    entry = AccessLogEntry.objects.get(path=children)
    assert len(entry.child_ids) == len(CHILDREN) and entry.user == reader
    councillor = signed_in_client(type(client)(), person("councillor", council))
    page = councillor.get(detail)
    assert page.status_code == 200 and children not in page.content.decode()
    assert councillor.get(children).status_code == 403
    assert AccessLogEntry.objects.filter(path=children).count() == 1


def test_the_create_page_asks_for_a_theme_for_an_evidence_pack(
    council_factory: Any, person: Any, client: Any
) -> None:
    council = council_factory()
    rich = rich_council(council, person("qa_lead", council))
    signed_in_client(client, person("analyst", council))
    url = reverse("packs:pack-create", args=[council.la_number])
    missing = client.post(url, {"kind": "evidence", "as_at": "31/10/2026"})
    assert "Choose the plan priority the evidence pack is about" in missing.content.decode()
    made = client.post(
        url, {"kind": "evidence", "as_at": "31/10/2026", "priority": str(rich.priority.pk)}
    )
    assert made.status_code == 302
    pack = services.Pack.objects.get()
    assert pack.priority == rich.priority
    assert pack.title == "Monitoring-visit evidence pack on Children in care: October 2026"
    body = client.get(made["Location"]).content.decode()
    assert RECOMMENDATION in body and "Care planning" in body
