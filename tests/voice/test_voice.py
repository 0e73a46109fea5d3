"""Voice: recording, import (row errors, all or nothing), links, consent respected everywhere."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.plans.factories import make_action, make_plan
from tests.url_registry import World
from tests.voice.url_cases import URL_KWARGS
from thrive.audits.services import learning_theme_create
from thrive.voice import services
from thrive.voice.importing import ImportFileError, read_feedback_csv
from thrive.voice.models import Feedback, FeedbackImport

pytestmark = pytest.mark.django_db

SECRET = "NO-CONSENT-SECRET-WORDS"
SHARED = "Consented words to share"

SURVEY = (
    "Response ID,Timestamp,Respondent,What did you tell us?,Comment,Role,Can we quote you?,"
    "Sentiment,Themes\n"
    "R1,2026-02-01 10:15:00,Care leaver,Help with money,I want to learn budgeting,"
    "care leaver 19,Yes,Mixed,Transition planning\n"
    "R2,02/02/2026,Young person,Social worker changes,They keep changing,,no,Negative,\n"
    "R3,2026-02-03,Staff,Supervision is regular,,,,Positive,\n"
)


def _today() -> date:
    return date(2026, 3, 1)


def test_survey_export_with_tool_headers_reads_cleanly() -> None:
    rows, errors = read_feedback_csv(
        SURVEY.encode(), theme_names={"Transition planning"}, known_references=set(), today=_today()
    )
    assert errors == []
    assert [(r.reference, r.source_type, r.consent_to_quote, r.sentiment) for r in rows] == [
        ("R1", "care_leaver", True, "mixed"),
        ("R2", "young_person", False, "negative"),
        ("R3", "staff", False, "positive"),
    ]
    assert rows[0].received_on == date(2026, 2, 1) and rows[0].theme_names == [
        "Transition planning"
    ]
    assert rows[0].channel == "survey"


def test_row_errors_are_listed_and_nothing_is_imported(council_factory: Any, person: Any) -> None:
    council = council_factory()
    learning_theme_create(council=council, name="Transition planning", description="")
    bad = SURVEY + (
        "R4,31/02/2026,Staff,x,,,,Positive,\n"
        "R5,2026-02-05,Dog,x,,,,Positive,\n"
        "R6,2026-02-05,Staff,,,,maybe,Happy,Unknown theme\n"
        "R1,2026-02-05,Staff,dup,,,,Positive,\n"
        "R8,2026-02-05,Staff,quote but no role,Great team,,yes,Positive,\n"
        "R9,2027-01-01,Staff,future,,,,Positive,\n"
    )
    with pytest.raises(services.ImportRejected) as caught:
        services.feedback_import(
            council=council,
            filename="survey.csv",
            data=bad.encode(),
            imported_by=None,
            today=_today(),
        )
    assert [str(error) for error in caught.value.errors] == [
        "Row 5, date: “31/02/2026” is not a date",
        "Row 6, source: “Dog” is not a known source",
        "Row 7, sentiment: “Happy” is not a known sentiment",
        "Row 7, summary: is blank",
        "Row 7, consent: “maybe” must be yes or no",
        "Row 7, themes: unknown theme Unknown theme",
        "Row 8, reference: repeats row 2",
        "Row 9, role: a quote to share needs a role to attribute it to",
        "Row 10, date: is in the future",
    ]
    assert not Feedback.objects.exists() and not FeedbackImport.objects.exists()


def test_good_import_lands_whole_and_refuses_a_second_time(
    council_factory: Any, person: Any
) -> None:
    council = council_factory()
    learning_theme_create(council=council, name="Transition planning", description="")
    batch = services.feedback_import(
        council=council,
        filename="survey.csv",
        data=SURVEY.encode(),
        imported_by=None,
        today=_today(),
    )
    assert batch.row_count == 3 and Feedback.objects.count() == 3
    assert Feedback.objects.get(reference="R1").themes.get().name == "Transition planning"
    with pytest.raises(services.ImportRejected, match="3 problems"):
        services.feedback_import(
            council=council,
            filename="again.csv",
            data=SURVEY.encode(),
            imported_by=None,
            today=_today(),
        )
    assert Feedback.objects.count() == 3


def test_unreadable_files_are_refused() -> None:
    with pytest.raises(ImportFileError):
        read_feedback_csv(
            b"\xff\xfe\x00", theme_names=set(), known_references=set(), today=_today()
        )
    with pytest.raises(ImportFileError, match="columns"):
        read_feedback_csv(b"a,b\n1,2\n", theme_names=set(), known_references=set(), today=_today())


def test_import_page_shows_row_errors(council_factory: Any, person: Any, sign_in: Any) -> None:
    council = council_factory()
    client = sign_in(person("qa_lead", council))
    upload = SimpleUploadedFile("survey.csv", (SURVEY + "R9,nope,Staff,x,,,,Positive,\n").encode())
    response = client.post(
        f"/c/{council.la_number}/voice/feedback/import/", {"survey_file": upload}
    )
    body = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in body
    assert "Nothing has been imported" in body and "is not a date" in body
    assert "unknown theme Transition planning" in body
    assert not Feedback.objects.exists()


def test_recording_feedback_needs_a_role_for_a_shared_quote(
    council_factory: Any, person: Any, sign_in: Any
) -> None:
    council = council_factory()
    client = sign_in(person("qa_lead", council))
    url = f"/c/{council.la_number}/voice/feedback/new/"
    data = {
        "source_type": "child",
        "channel": "advocacy",
        "received_on": "03/02/2026",
        "summary": "Wants to see her brother more",
        "quote": "I miss him",
        "consent_to_quote": "on",
        "attributed_role": "",
        "sentiment": "negative",
    }
    response = client.post(url, data)
    assert "Enter the role to attribute the quote to" in response.content.decode()
    assert not Feedback.objects.exists()
    response = client.post(url, {**data, "attributed_role": "child, 11"})
    assert response.status_code == 302
    assert Feedback.objects.get().shareable_quote == "I miss him"


def _world(council_factory: Any, person: Any) -> tuple[Any, Any]:
    council = council_factory()
    _plan, priority, owner = make_plan(council)
    action = make_action(council, priority, owner)
    kept = services.feedback_create(
        council=council,
        source_type="staff",
        channel="exit_interview",
        received_on=date(2026, 2, 1),
        summary="Caseloads too high",
        quote=SECRET,
        attributed_role="SW",
        consent_to_quote=False,
        sentiment="negative",
    )
    shared = services.feedback_create(
        council=council,
        source_type="care_leaver",
        channel="group",
        received_on=date(2026, 2, 2),
        summary="Wanted a say in pathway plans",
        quote=SHARED,
        attributed_role="care leaver, 19",
        consent_to_quote=True,
        sentiment="mixed",
    )
    services.feedback_links_set(feedback=kept, themes=[], actions=[action])
    services.you_said_we_did_save(
        council=council,
        entry=None,
        audience="everyone",
        you_said="Caseloads were too high",
        we_did="We recruited eight social workers",
        feedback=[kept, shared],
        actions=[action],
        published=True,
        created_by=None,
    )
    return council, action


@pytest.mark.parametrize("role", ["qa_lead", "admin", "councillor", "director", "practitioner"])
def test_no_quote_without_consent_appears_on_any_page_or_export(
    council_factory: Any, person: Any, sign_in: Any, role: str
) -> None:
    council, _action = _world(council_factory, person)
    client = sign_in(person(role, council))
    world = World(council_a=council, council_b=council)
    world.objects["voice.feedback"] = Feedback.objects.get(quote=SHARED)
    world.objects["voice.entry"] = council_entry = Feedback.objects.get(
        quote=SHARED
    ).you_said_we_did.get()
    assert council_entry.published
    seen_shared = False
    for name, build in URL_KWARGS.items():
        for suffix in ("", "?download=1"):
            response = client.get(reverse(name, kwargs=build(world)) + suffix)
            body = response.content.decode()
            assert SECRET not in body, f"{name}{suffix} showed a quote given without consent"
            seen_shared = seen_shared or SHARED in body
    detail = reverse(
        "voice:feedback-detail", args=[council.la_number, Feedback.objects.get(quote=SECRET).pk]
    )
    assert SECRET not in client.get(detail).content.decode()
    assert seen_shared  # consented quotes do appear, so the check above can fail


def test_export_leaves_out_quotes_without_consent(
    council_factory: Any, person: Any, sign_in: Any
) -> None:
    council, _action = _world(council_factory, person)
    body = (
        sign_in(person("qa_lead", council))
        .get(f"/c/{council.la_number}/voice/feedback/export.csv")
        .content.decode()
    )
    assert SHARED in body and SECRET not in body
    assert "care leaver, 19" in body


def test_you_said_we_did_page_shows_the_loop_closed(
    council_factory: Any, person: Any, sign_in: Any
) -> None:
    council, action = _world(council_factory, person)
    client = sign_in(person("councillor", council))
    body = client.get(f"/c/{council.la_number}/voice/you-said-we-did/").content.decode()
    assert "We recruited eight social workers" in body and action.title in body
    download = client.get(f"/c/{council.la_number}/voice/you-said-we-did/for/staff/?download=1")
    assert download["Content-Disposition"].startswith("attachment")
    text = download.content.decode()
    assert '<html lang="en-GB">' in text and "<h1" in text and "We recruited eight" in text
    assert action.feedback.count() == 1


def test_drafts_are_not_published(council_factory: Any, person: Any, sign_in: Any) -> None:
    council = council_factory()
    services.you_said_we_did_save(
        council=council,
        entry=None,
        audience="children",
        you_said="DRAFT-YOU-SAID",
        we_did="x",
        feedback=[],
        actions=[],
        published=False,
        created_by=None,
    )
    councillor = sign_in(person("councillor", council))
    assert (
        "DRAFT-YOU-SAID"
        not in councillor.get(f"/c/{council.la_number}/voice/you-said-we-did/").content.decode()
    )
    assert (
        "DRAFT-YOU-SAID"
        not in councillor.get(
            f"/c/{council.la_number}/voice/you-said-we-did/for/children/"
        ).content.decode()
    )


def test_links_must_stay_in_the_council(council_factory: Any, person: Any) -> None:
    _world(council_factory, person)
    other = council_factory()
    _p, priority, owner = make_plan(other)
    foreign = make_action(other, priority, owner)
    with pytest.raises(services.VoiceError):
        services.feedback_links_set(feedback=Feedback.objects.first(), themes=[], actions=[foreign])


def test_no_quote_without_consent_appears_on_any_page_of_any_app(
    council_factory: Any, person: Any, sign_in: Any
) -> None:
    """Walk every registered URL of every app (as an administrator, who may see everything) with
    feedback given without consent linked to each of council A's plan actions."""
    from tests.url_registry import URL_KWARGS as ALL_URL_KWARGS
    from tests.url_registry import populate
    from thrive.plans.models import Action as PlanAction

    world = populate(
        World(
            council_a=council_factory(la_number="9301"), council_b=council_factory(la_number="9302")
        )
    )
    council = world.council_a
    secret = services.feedback_create(
        council=council,
        source_type="child",
        channel="advocacy",
        received_on=date(2026, 2, 1),
        summary="Wants to choose where contact happens",
        quote=SECRET,
        attributed_role="child, 12",
        consent_to_quote=False,
        sentiment="negative",
    )
    actions = list(PlanAction.objects.for_council(council))
    services.feedback_links_set(feedback=secret, themes=[], actions=actions)
    services.you_said_we_did_save(
        council=council,
        entry=None,
        audience="everyone",
        you_said="Contact",
        we_did="Changed",
        feedback=[secret],
        actions=actions,
        published=True,
        created_by=None,
    )
    client = sign_in(person("admin", council))
    for name, build in ALL_URL_KWARGS.items():
        response = client.get(reverse(name, kwargs=build(world)))
        assert SECRET not in response.content.decode("utf-8", "replace"), name


def test_export_neutralises_formulas_in_every_text_cell(
    council_factory: Any, person: Any, sign_in: Any
) -> None:
    council, _action = _world(council_factory, person)
    theme = learning_theme_create(council=council, name="=HYPERLINK(1)", description="")
    feedback = Feedback.objects.get(quote=SHARED)
    services.feedback_links_set(feedback=feedback, themes=[theme], actions=[])
    body = (
        sign_in(person("qa_lead", council))
        .get(f"/c/{council.la_number}/voice/feedback/export.csv")
        .content.decode()
    )
    assert "'=HYPERLINK(1)" in body
    assert ",=HYPERLINK" not in body
