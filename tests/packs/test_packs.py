"""Board packs: a draft with live figures and commentary; issuing freezes figures and the PDF."""

from __future__ import annotations

import hashlib
import io
import zlib
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from tests.factories import signed_in_client
from tests.plans.factories import make_action, make_plan
from thrive.measures.models import MeasureValue
from thrive.measures.services import target_set
from thrive.packs import services
from thrive.packs.content import (
    HEADLINE_MEASURES,
    SECTIONS,
    board_pack_content,
    dfe_update_content,
    members_briefing_content,
)
from thrive.packs.models import Pack, PackStatus

pytestmark = pytest.mark.django_db


def test_a_draft_takes_commentary_and_refuses_a_stale_save(council_factory: Any) -> None:
    council = council_factory()
    pack = services.pack_create(council=council, as_at=date(2026, 11, 30), user=None)
    assert pack.title == "Improvement Board pack: November 2026" and pack.version == 1
    assert {s.key for s in pack.sections.all()} == {key for key, _ in SECTIONS}
    services.pack_commentary_set(pack=pack, key="plan", text=" On track. ", revision=1)
    with pytest.raises(services.PackError, match="Someone else changed this pack"):
        services.pack_commentary_set(pack=pack, key="plan", text="Mine", revision=1)
    with pytest.raises(services.PackError, match="no section called"):
        services.pack_commentary_set(pack=pack, key="nope", text="x", revision=2)
    assert services.pack_commentary(pack)["plan"] == "On track."
    again = services.pack_create(council=council, as_at=date(2026, 11, 30), user=None)
    assert again.version == 2  # a second pack for the same month is a new version


def test_content_reads_plan_exceptions_and_headlines(council_factory: Any, person: Any) -> None:
    council = council_factory()
    _plan, priority, owner = make_plan(council)
    today = timezone.localdate()
    late = make_action(
        council,
        priority,
        owner,
        title="Recruit permanent team managers",
        start_date=today - timedelta(days=90),
        due_date=today - timedelta(days=10),
    )
    target_set(council=council, measure_id="vacancy_pct", target=15.0, tolerance=2.0, set_by="t")
    content = board_pack_content(council=council, as_at=today)
    assert [h["id"] for h in content["headlines"]] == list(HEADLINE_MEASURES)
    assert {h["id"]: h["target"] for h in content["headlines"]}["vacancy_pct"] == 15.0
    assert all(h["value"] is None for h in content["headlines"])  # no returns loaded yet
    assert content["plan"] is not None
    assert [a["title"] for a in content["plan"]["overdue"]] == [late.title]
    assert sum(p["overdue"] for p in content["plan"]["priorities"]) == 1


def _pdf_text_objects(data: bytes) -> bytes:
    """The PDF with its Flate streams inflated, to look for structure and metadata."""
    out = io.BytesIO()
    for chunk in data.split(b"stream")[1:]:
        body = chunk.split(b"endstream")[0].strip(b"\r\n")
        try:
            out.write(zlib.decompress(body))
        except zlib.error:
            continue
    return data + out.getvalue()


def test_issue_freezes_figures_and_stores_a_tagged_pdf(council_factory: Any) -> None:
    council = council_factory()
    pack = services.pack_create(council=council, as_at=date(2026, 11, 30), user=None)
    services.pack_commentary_set(pack=pack, key="headlines", text="Vacancy is falling.", revision=1)
    pack = services.pack_issue(pack=pack, user=None, revision=2)
    assert pack.status == PackStatus.ISSUED and pack.snapshot["month"] == "November 2026"
    stored = Path(settings.THRIVE_DATA_DIR) / pack.pdf_path
    data = stored.read_bytes()
    assert data.startswith(b"%PDF-") and hashlib.sha256(data).hexdigest() == pack.pdf_sha256
    text = _pdf_text_objects(data)
    assert b"/StructTreeRoot" in text and b"/Lang" in text and b"en-GB" in text
    assert b"/Outlines" in text  # bookmarks from the headings
    assert services.pack_pdf_bytes(pack) == data  # downloads exactly as issued
    with pytest.raises(services.PackError, match="cannot change"):
        services.pack_commentary_set(pack=pack, key="plan", text="late", revision=pack.revision)
    with pytest.raises(services.PackError, match="cannot change"):
        services.pack_issue(pack=pack, user=None, revision=pack.revision)
    stored.write_bytes(data + b"%tampered")
    with pytest.raises(services.PackError, match="does not match its checksum"):
        services.pack_pdf_bytes(pack)


def test_pages_drafts_only_for_authors(council_factory: Any, person: Any, client: Any) -> None:
    council = council_factory()
    author = person("analyst", council)
    signed_in_client(client, author)
    response = client.post(
        reverse("packs:pack-create", args=[council.la_number]),
        {"kind": "board", "as_at": "31/02/2026"},
    )
    assert response.status_code == 200 and "Enter a real date" in response.content.decode()
    response = client.post(
        reverse("packs:pack-create", args=[council.la_number]),
        {"kind": "board", "as_at": "30/11/2026"},
    )
    pack = Pack.objects.get()
    assert response.status_code == 302
    page = client.get(reverse("packs:pack-detail", args=[council.la_number, pack.pk]))
    body = page.content.decode()
    assert "Issue this pack" in body and "Your commentary on headline measures" in body
    assert body.count("<table") == 1 and "There is no active improvement plan" in body
    client.post(
        reverse("packs:pack-commentary", args=[council.la_number, pack.pk, "voice"]),
        {"commentary": "Care leavers asked for help with money.", "revision": "1"},
    )
    html = client.get(reverse("packs:pack-html", args=[council.la_number, pack.pk]))
    assert html["Content-Disposition"].endswith('-v1.html"')
    document = html.content.decode()
    assert '<html lang="en-GB">' in document and "<style>" in document
    assert "Care leavers asked for help with money." in document
    councillor = signed_in_client(type(client)(), person("councillor", council))
    assert (
        councillor.get(reverse("packs:pack-detail", args=[council.la_number, pack.pk])).status_code
        == 404
    )
    client.post(reverse("packs:pack-issue", args=[council.la_number, pack.pk]), {"revision": "2"})
    pack.refresh_from_db()
    assert pack.is_issued
    assert (
        councillor.get(reverse("packs:pack-detail", args=[council.la_number, pack.pk])).status_code
        == 200
    )
    pdf = councillor.get(reverse("packs:pack-pdf", args=[council.la_number, pack.pk]))
    assert (
        pdf["Content-Type"] == "application/pdf"
        and hashlib.sha256(pdf.content).hexdigest() == pack.pdf_sha256
    )


def _vacancy(council: Any, values: dict[str, float], rag: str = "", signal: str = "") -> None:
    for period, value in values.items():
        MeasureValue.objects.create(
            council=council,
            measure_id="vacancy_pct",
            period=period,
            period_type="month",
            value=value,
            rag=rag,
            spc_signal=signal,
        )


def test_dfe_update_shows_measures_then_and_now(council_factory: Any) -> None:
    council = council_factory()
    _vacancy(council, {"2026-06": 40.0, "2026-08": 31.0, "2026-09": 20.0, "2026-10": 99.0})
    content = dfe_update_content(council=council, as_at=date(2026, 9, 30))
    assert content["period_start"] == "2026-06-01"
    assert content["period_label"] == "June 2026 to September 2026"
    vacancy = next(row for row in content["workforce"] if row["id"] == "vacancy_pct")
    # "then" is the value at the start of the quarter; "now" the latest known by the as-at day
    # (October's figure did not exist on 30 September).
    assert (vacancy["then"], vacancy["value"], vacancy["period"]) == (40.0, 20.0, "2026-09")


def test_members_briefing_asks_about_what_is_off_track(council_factory: Any) -> None:
    council = council_factory()
    _vacancy(council, {"2026-01": 20.0, "2026-09": 32.0}, rag="red")
    content = members_briefing_content(council=council, as_at=date(2026, 9, 30))
    vacancy = next(row for row in content["headlines"] if row["id"] == "vacancy_pct")
    assert vacancy["direction"] == "worse"  # a rising vacancy rate is worse (polarity down)
    assert content["questions"][0].startswith("Social worker vacancy rate is off track.")
    assert content["questions"][-1].startswith("What have children and young people told us")


def test_every_pack_kind_renders_and_issues(council_factory: Any) -> None:
    council = council_factory()
    for kind in ("dfe", "members"):
        pack = services.pack_create(council=council, as_at=date(2026, 9, 30), user=None, kind=kind)
        key = pack.sections.order_by("pk")[0].key
        services.pack_commentary_set(pack=pack, key=key, text=f"Commentary {kind}", revision=1)
        issued = services.pack_issue(pack=pack, user=None, revision=2)
        assert issued.snapshot["month"] == "September 2026"
        assert services.pack_pdf_bytes(issued).startswith(b"%PDF-")


def test_the_monthly_draft_goes_to_last_months_author(council_factory: Any, person: Any) -> None:
    from django.core import mail

    council = council_factory()
    author, other = person("analyst", council), person("director", council)
    author.email, other.email = "author@example.test", "other@example.test"
    author.save()
    other.save()
    services.pack_create(council=council, as_at=date(2026, 10, 31), user=author)
    pack = services.board_pack_draft_after_ingest(council=council, today=date(2026, 11, 3))
    assert pack is not None and pack.as_at == date(2026, 11, 3)
    assert [m.to for m in mail.outbox] == [["author@example.test"]]
    assert "November 2026" in mail.outbox[0].subject
    again = services.board_pack_draft_after_ingest(council=council, today=date(2026, 11, 20))
    assert again is None and len(mail.outbox) == 1


def test_board_pack_exceptions_list_open_alerts(council_factory: Any) -> None:
    from thrive.alerts.services import alerts_raise_after_recompute

    council = council_factory()
    _vacancy(council, {"2026-09": 20.0}, rag="amber")
    _vacancy(council, {"2026-10": 31.0}, rag="red")
    assert len(alerts_raise_after_recompute(council=council)) == 1
    content = board_pack_content(council=council, as_at=date.today())
    assert [a["measure"] for a in content["alerts"]] == ["Social worker vacancy rate"]
    assert content["alerts"][0]["value"] == 31.0 and content["alerts"][0]["previous"] == 20.0
