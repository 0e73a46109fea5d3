"""Early warning: hand-built monthly values → alerts raised once, to the right people;
acknowledged with a note (optimistic lock); listed in the daily digest; permissions."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from tests.factories import signed_in_client
from tests.plans.factories import make_action, make_plan
from thrive.alerts import selectors, services
from thrive.alerts.models import Alert, AlertStatus
from thrive.measures.models import MeasureTarget, MeasureValue, RecomputeRun
from thrive.plans.notifications import digest_send
from thrive.plans.services import owner_get_or_create

pytestmark = pytest.mark.django_db

MONTHS = [f"2026-{m:02d}" for m in range(1, 11)]


def _series(council: Any, measure_id: str, values: list[tuple[float, str, str]]) -> None:
    """Monthly whole-council values: (value, rag, spc_signal), January onwards."""
    MeasureValue.objects.bulk_create(
        MeasureValue(
            council=council,
            period=MONTHS[i],
            period_type="month",
            measure_id=measure_id,
            value=value,
            rag=rag,
            spc_signal=signal,
        )
        for i, (value, rag, signal) in enumerate(values)
    )


def _done(council: Any) -> RecomputeRun:
    return RecomputeRun.objects.create(council=council, status=RecomputeRun.Status.DONE)


@pytest.fixture
def setup(council_factory: Any, person: Any) -> dict[str, Any]:
    council = council_factory(la_number="9601", name="Alertshire")
    director = person("director", council)
    owner_user = person("manager", council)
    bystander = person("manager", council)
    leaver = person("manager", council_factory(la_number="9602"))
    _plan, priority, _owner = make_plan(council)
    owner = owner_get_or_create(
        council=council, name="Olu Owner", organisation="Council", user=owner_user
    )
    gone = owner_get_or_create(
        council=council, name="Lee Left", organisation="Council", user=leaver
    )
    partner = owner_get_or_create(council=council, name="Pat Police", organisation="Police")
    make_action(council, priority, owner, title="Reduce caseloads", measure_ids=["caseload_avg"])
    make_action(council, priority, gone, title="Old action", measure_ids=["caseload_avg"])
    make_action(council, priority, partner, title="Partner action", measure_ids=["caseload_avg"])
    make_action(council, priority, owner, title="Other", measure_ids=["cp_rate"])
    MeasureTarget.objects.create(council=council, measure_id="caseload_avg", target=18, tolerance=2)
    return {
        "council": council,
        "director": director,
        "owner": owner_user,
        "bystander": bystander,
        "leaver": leaver,
    }


def test_turning_red_raises_one_alert_for_owners_and_directors(setup: dict[str, Any]) -> None:
    council = setup["council"]
    # Caseloads: green, amber, then red in October (21 > 18 + 2).
    _series(council, "caseload_avg", [(17, "green", "")] * 8 + [(19, "amber", ""), (21, "red", "")])
    # Vacancy: red for months already, no special cause → no new crossing, no alert.
    _series(council, "vacancy_pct", [(30, "red", "common")] * 10)
    raised = services.alerts_raise_after_recompute(council=council, run=_done(council))
    assert [(a.measure_id, a.period, a.turned_red, a.special_cause) for a in raised] == [
        ("caseload_avg", "2026-10", True, False)
    ]
    alert = raised[0]
    assert (alert.value, alert.previous_value, alert.target) == (21, 19, 18)
    # The linked action's owner and the director; not a bystander, not an owner who has left
    # the council, not a partner without an account.
    assert set(alert.recipients.all()) == {setup["director"], setup["owner"]}
    # Re-running the recompute on the same data raises nothing new.
    assert services.alerts_raise_after_recompute(council=council, run=_done(council)) == []
    assert Alert.objects.for_council(council).count() == 1


def test_special_cause_of_concern_raises_an_alert_without_a_target(setup: dict[str, Any]) -> None:
    council = setup["council"]
    _series(council, "cp_rate", [(40, "", "common")] * 9 + [(60, "", "concern")])
    _series(council, "cla_rate", [(70, "", "common")] * 9 + [(50, "", "improving")])
    raised = services.alerts_raise_after_recompute(council=council, run=_done(council))
    assert [(a.measure_id, a.special_cause, a.turned_red) for a in raised] == [
        ("cp_rate", True, False)
    ]
    assert raised[0].reasons == ["Special cause: concern (the change is unlikely to be chance)"]
    # cp_rate's action is owned by the owner too.
    assert set(raised[0].recipients.all()) == {setup["director"], setup["owner"]}


def test_next_month_slipping_again_raises_a_new_alert(setup: dict[str, Any]) -> None:
    council = setup["council"]
    _series(council, "cp_rate", [(40, "", "common")] * 8 + [(60, "", "concern")])
    assert len(services.alerts_raise_after_recompute(council=council)) == 1
    MeasureValue.objects.create(
        council=council,
        period="2026-10",
        period_type="month",
        measure_id="cp_rate",
        value=65,
        spc_signal="concern",
    )
    again = services.alerts_raise_after_recompute(council=council)
    assert [a.period for a in again] == ["2026-10"]


def test_year_end_only_measure_turning_red(setup: dict[str, Any]) -> None:
    council = setup["council"]
    for period, value, rag in (("2025-09", 12.0, "amber"), ("2026-09", 24.0, "red")):
        MeasureValue.objects.create(
            council=council,
            period=period,
            period_type="year",
            measure_id="vacancy_pct",
            value=value,
            rag=rag,
        )
    raised = services.alerts_raise_after_recompute(council=council)
    assert [(a.measure_id, a.period, a.previous_value) for a in raised] == [
        ("vacancy_pct", "2026-09", 12.0)
    ]


def test_failed_run_and_breakdowns_raise_nothing(setup: dict[str, Any]) -> None:
    council = setup["council"]
    MeasureValue.objects.create(
        council=council,
        period="2026-10",
        period_type="month",
        measure_id="caseload_avg",
        breakdown="team",
        breakdown_value="North",
        value=30,
        rag="red",
    )
    _series(council, "cp_rate", [(40, "", "common")] * 9 + [(60, "", "concern")])
    failed = RecomputeRun.objects.create(council=council, status=RecomputeRun.Status.FAILED)
    assert services.alerts_raise_after_recompute(council=council, run=failed) == []
    raised = services.alerts_raise_after_recompute(council=council, run=_done(council))
    assert [a.measure_id for a in raised] == ["cp_rate"]


def test_acknowledge_with_note_and_optimistic_lock(setup: dict[str, Any]) -> None:
    council = setup["council"]
    alert = Alert.objects.create(council=council, measure_id="cp_rate", period="2026-10")
    with pytest.raises(services.AlertError, match=services.NOTE_REQUIRED):
        services.alert_acknowledge(alert=alert, user=setup["owner"], note=" ", expected_version=1)
    with pytest.raises(services.AlertError, match="Someone else changed"):
        services.alert_acknowledge(alert=alert, user=setup["owner"], note="x", expected_version=7)
    done = services.alert_acknowledge(
        alert=alert, user=setup["owner"], note="Reviewing with teams", expected_version=1
    )
    assert (done.status, done.note, done.acknowledged_by, done.version) == (
        AlertStatus.ACKNOWLEDGED,
        "Reviewing with teams",
        setup["owner"],
        2,
    )
    assert done.history.count() == 2
    with pytest.raises(services.AlertError, match=services.ALREADY_ACKNOWLEDGED):
        services.alert_acknowledge(alert=alert, user=setup["owner"], note="x", expected_version=1)


def test_open_alerts_as_at_a_date(setup: dict[str, Any]) -> None:
    council = setup["council"]
    today = timezone.localdate()
    first = Alert.objects.create(
        council=council, measure_id="cp_rate", period="2026-09", special_cause=True, value=60
    )
    second = Alert.objects.create(
        council=council, measure_id="caseload_avg", period="2026-10", turned_red=True, target=18
    )
    services.alert_acknowledge(
        alert=first, user=setup["director"], note="Known", expected_version=1
    )
    now = selectors.open_alerts(council=council, as_at=today)
    assert [(a.pk, a.measure_name, a.period, a.reasons, a.target) for a in now] == [
        (second.pk, "Average caseload", "2026-10", ("Turned red against its target",), 18)
    ]
    # Yesterday neither had been raised; as at today the acknowledged one is no longer open.
    assert selectors.open_alerts(council=council, as_at=today - timedelta(days=1)) == []
    assert isinstance(now[0].raised_on, date)


def test_digest_includes_open_alerts(setup: dict[str, Any], settings: Any) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    council = setup["council"]
    _series(council, "caseload_avg", [(17, "green", "")] * 9 + [(21, "red", "")])
    (alert,) = services.alerts_raise_after_recompute(council=council)
    sent = digest_send(base_url="https://thrive.example")
    by_person = {m.to[0]: m for m in mail.outbox}
    assert sent == len(mail.outbox)
    director = by_person[setup["director"].email]
    assert director.subject == "Thrive: 1 measure alert"
    assert "EARLY-WARNING ALERTS" in director.body
    assert "2026-10: Turned red against its target" in director.body
    assert f"https://thrive.example/c/9601/alerts/{alert.pk}/" in director.body
    assert setup["bystander"].email not in by_person
    # Acknowledged alerts leave the digest.
    services.alert_acknowledge(
        alert=alert, user=setup["director"], note="On it", expected_version=1
    )
    mail.outbox.clear()
    digest_send()
    assert all("EARLY-WARNING" not in m.body for m in mail.outbox)


def test_pages_list_filter_and_acknowledge(setup: dict[str, Any], client: Any, person: Any) -> None:
    council = setup["council"]
    red = Alert.objects.create(
        council=council, measure_id="caseload_avg", period="2026-10", turned_red=True
    )
    red.recipients.add(setup["owner"])
    Alert.objects.create(
        council=council, measure_id="cp_rate", period="2026-09", special_cause=True
    )
    list_url = reverse("alerts:alert-list", args=["9601"])
    signed_in_client(client, setup["owner"])
    page = client.get(list_url).content.decode()
    assert "Turned red against its target" in page and "Special cause: concern" in page
    filtered = client.get(list_url, {"measure": "cp_rate"}).content.decode()
    assert "Turned red against its target" not in filtered
    download = client.get(list_url, {"download": "alerts", "format": "csv"})
    lines = download.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "Measure,Month,Why,Value,Target,Status,Note"
    assert lines[1] == "Average caseload,2026-10,Turned red against its target,,,Open,"
    detail = reverse("alerts:alert-detail", args=["9601", red.pk])
    assert "Acknowledge alert" in client.get(detail).content.decode()
    stale = client.post(detail, {"note": "x", "version": "5"})
    assert stale.status_code == 302
    assert Alert.objects.get(pk=red.pk).is_open
    error = client.post(detail, {"note": "", "version": "1"})
    assert "Error: " in error.content.decode()
    ok = client.post(detail, {"note": "Allocations reviewed", "version": "1"})
    assert ok.status_code == 302
    assert Alert.objects.get(pk=red.pk).note == "Allocations reviewed"
    # A practitioner who was not sent it may read it but not acknowledge it.
    other = Alert.objects.create(council=council, measure_id="cla_rate", period="2026-10")
    signed_in_client(client, person("practitioner", council))
    url = reverse("alerts:alert-detail", args=["9601", other.pk])
    assert "Acknowledge alert" not in client.get(url).content.decode()
    assert client.post(url, {"note": "x", "version": "1"}).status_code == 403


def test_recompute_of_a_series_with_a_shift_raises_one_alert_once(
    setup: dict[str, Any], monkeypatch: Any
) -> None:
    """Acceptance (issue 14): a generated series with a shift raises one alert, once, to the
    right people, through the real recompute (SPC and RAG computed by it, not hand-set)."""
    from thrive.measures import services as measure_services
    from thrive.metrics.engine import MeasureResult

    council = setup["council"]
    _plan, priority, _owner = make_plan(council, title="Second plan")
    owner = owner_get_or_create(
        council=council, name="Olu Owner", organisation="Council", user=setup["owner"]
    )
    make_action(
        council, priority, owner, title="Timely assessments", measure_ids=["assessments_45wd_pct"]
    )
    # Twelve steady months around 86 %, then seven months around 75 %: a shift down (a run of
    # seven below the mean) on a measure where higher is better.
    values = [86, 85, 87, 86, 84, 86, 87, 85, 86, 85, 87, 86, 75, 76, 74, 75, 76, 75, 74]
    periods = [f"{2025 + (i + 3) // 12}-{(i + 3) % 12 + 1:02d}" for i in range(len(values))]
    results = [
        MeasureResult(
            la=council.la_number,
            measure_id="assessments_45wd_pct",
            period=period,
            period_type="month",
            breakdown="",
            breakdown_value="",
            numerator=value,
            denominator=100,
            value=float(value),
            units=100,
        )
        for period, value in zip(periods, values, strict=True)
    ]
    monkeypatch.setattr(measure_services, "compute_results", lambda **_kwargs: results)
    measure_services.target_set(
        council=council, measure_id="assessments_45wd_pct", target=85, tolerance=5, set_by="t"
    )
    run = measure_services.measures_recompute(council=council, inputs={})
    assert run.status == RecomputeRun.Status.DONE
    latest = MeasureValue.objects.get(
        council=council, measure_id="assessments_45wd_pct", period=periods[-1]
    )
    assert (latest.spc_signal, latest.rag) == ("concern", "red")
    (alert,) = Alert.objects.for_council(council)
    assert (alert.measure_id, alert.period, alert.special_cause) == (
        "assessments_45wd_pct",
        periods[-1],
        True,
    )
    # Red since the shift began, so this month did not newly cross the target.
    assert alert.turned_red is False
    assert set(alert.recipients.all()) == {setup["director"], setup["owner"]}
    measure_services.measures_recompute(council=council, inputs={})
    assert Alert.objects.for_council(council).count() == 1
