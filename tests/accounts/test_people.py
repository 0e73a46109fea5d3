"""People pages: invite, change role, remove, re-issue enrolment; audited, tenant-scoped, and
safe against lost updates (the change form carries the version it showed)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from thrive.accounts import people
from thrive.accounts.models import EnrolmentLink, User
from thrive.councils.models import Membership


def _url(name: str, council: Any, *args: Any) -> str:
    return reverse(f"people:{name}", args=[council.la_number, *args])


@pytest.fixture
def team(council_factory: Any, person: Any, sign_in: Any) -> Any:
    council = council_factory(name="Peopleton")
    admin = person("admin", council)
    analyst = person("analyst", council)
    analyst.first_name, analyst.last_name = "Ana", "Lyst"
    analyst.save()
    client = sign_in(admin)
    return council, admin, analyst, client


def test_the_list_shows_people_with_role_and_status(team: Any) -> None:
    council, _admin, analyst, client = team
    body = client.get(_url("list", council)).content.decode()
    assert "Ana Lyst" in body and "Performance analyst" in body and "Active" in body
    assert _url("detail", council, analyst.pk) in body


def test_inviting_a_person_emails_a_one_time_link_shown_once(team: Any) -> None:
    council, admin, _analyst, client = team
    response = client.post(
        _url("invite", council),
        {
            "first_name": "Nia",
            "last_name": "Newcomer",
            "email": "Nia.Newcomer@peopleton.example",
            "role": "practitioner",
            "job_title": "Social worker",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    user = User.objects.get(username="nia.newcomer@peopleton.example")
    assert not user.has_usable_password()
    membership = Membership.objects.get(user=user, council=council)
    assert membership.role == "practitioner"
    link = EnrolmentLink.objects.get(user=user)
    assert link.purpose == "invite" and link.issued_by == admin and link.council == council
    (message,) = mail.outbox
    assert message.to == ["nia.newcomer@peopleton.example"]
    shown = body.split('id="enrolment-link">')[1].split("<")[0]
    assert shown in message.body and "/accounts/enrol/" in shown
    # Shown once: the list and the person's page never repeat it.
    token = shown.rstrip("/").rsplit("/", 1)[1]
    assert token not in client.get(_url("list", council)).content.decode()
    assert token not in client.get(_url("detail", council, user.pk)).content.decode()
    assert "Invited" in client.get(_url("list", council)).content.decode()
    # Audited: the new account and membership are in history with who created them.
    assert membership.history.first().history_user == admin


def test_an_existing_email_is_not_attached_to_a_new_invite(team: Any) -> None:
    council, _admin, analyst, client = team
    response = client.post(
        _url("invite", council),
        {
            "first_name": "Ana",
            "last_name": "Again",
            "email": analyst.email.upper(),
            "role": "admin",
        },
    )
    assert response.status_code == 200
    assert "already exists" in response.content.decode()
    assert not EnrolmentLink.objects.exists()
    assert Membership.objects.get(user=analyst).role == "analyst"


def test_changing_a_role(team: Any) -> None:
    council, admin, analyst, client = team
    page = client.get(_url("change", council, analyst.pk)).content.decode()
    assert f'name="version" value="{analyst.version}"' in page
    response = client.post(
        _url("change", council, analyst.pk),
        {"role": "manager", "job_title": "Team manager", "team": "North", "version": 1},
    )
    assert response.status_code == 302
    membership = Membership.objects.get(user=analyst)
    assert (membership.role, membership.job_title, membership.team) == (
        "manager",
        "Team manager",
        "North",
    )
    latest = membership.history.first()
    assert latest.role == "manager" and latest.history_user == admin
    analyst.refresh_from_db()
    assert analyst.version == 2


def test_a_concurrent_role_change_is_not_lost(team: Any, person: Any) -> None:
    # Two administrators open the change form; the first saves; the second's stale save is
    # refused with the current details shown, instead of silently overwriting the first.
    council, _admin, analyst, client = team
    other_admin = person("admin", council)
    people.person_change(
        council=council,
        person=analyst,
        by=other_admin,
        role="qa_lead",
        job_title="Principal social worker",
        team="",
        expected_version=1,
    )
    stale = client.post(
        _url("change", council, analyst.pk),
        {"role": "councillor", "job_title": "", "team": "", "version": 1},
    )
    assert stale.status_code == 409
    body = stale.content.decode()
    assert "Someone else changed" in body
    assert 'name="version" value="2"' in body
    assert Membership.objects.get(user=analyst).role == "qa_lead"


def test_the_last_administrator_cannot_be_demoted_or_removed(
    council_factory: Any, person: Any
) -> None:
    council = council_factory()
    only_admin = person("admin", council)
    helper = person("admin", council)
    # Another admin removes the first; now `helper` is the only one.
    people.person_remove(council=council, person=only_admin, by=helper, expected_version=1)
    colleague = person("analyst", council)
    with pytest.raises(people.PeopleError, match="only administrator"):
        people.person_remove(council=council, person=helper, by=colleague, expected_version=1)
    with pytest.raises(people.PeopleError, match="only administrator"):
        people.person_change(
            council=council,
            person=helper,
            by=colleague,
            role="analyst",
            job_title="",
            team="",
            expected_version=1,
        )
    assert Membership.objects.get(user=helper).role == "admin"


def test_you_cannot_remove_yourself_or_drop_your_own_admin_role(team: Any, person: Any) -> None:
    council, admin, _analyst, client = team
    person("admin", council)  # not the last admin, so only the self-rule applies
    response = client.post(_url("remove", council, admin.pk), {"version": admin.version})
    assert response.status_code == 409
    assert "You cannot remove yourself" in response.content.decode()
    changed = client.post(
        _url("change", council, admin.pk),
        {"role": "analyst", "job_title": "", "team": "", "version": admin.version},
    )
    assert "cannot take away your own administrator role" in changed.content.decode()
    assert Membership.objects.get(user=admin).role == "admin"


def test_removing_a_person_deactivates_an_account_with_no_other_council(
    team: Any, council_factory: Any
) -> None:
    council, admin, analyst, client = team
    confirm = client.get(_url("remove", council, analyst.pk))
    assert "Are you sure you want to remove Ana Lyst" in confirm.content.decode()
    done = client.post(_url("remove", council, analyst.pk), {"version": analyst.version})
    assert done.status_code == 302
    analyst.refresh_from_db()
    assert not analyst.is_active
    assert not Membership.objects.filter(user=analyst).exists()
    deleted = Membership.history.filter(user_id=analyst.pk, history_type="-").get()
    assert deleted.history_user == admin


def test_removing_from_one_council_keeps_the_account_for_another(
    team: Any, council_factory: Any
) -> None:
    council, _admin, analyst, client = team
    Membership.objects.create(user=analyst, council=council_factory(), role="analyst")
    client.post(_url("remove", council, analyst.pk), {"version": analyst.version})
    analyst.refresh_from_db()
    assert analyst.is_active
    assert Membership.objects.filter(user=analyst).count() == 1


def test_reissuing_enrolment_removes_the_authenticator_and_sends_a_link(team: Any) -> None:
    council, admin, analyst, client = team
    assert TOTPDevice.objects.filter(user=analyst, confirmed=True).exists()
    response = client.post(_url("reset", council, analyst.pk), {"version": analyst.version})
    assert response.status_code == 200
    assert "Set-up link sent" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=analyst).exists()
    link = EnrolmentLink.objects.get(user=analyst)
    assert (link.purpose, link.issued_by) == ("reset", admin)
    assert len(mail.outbox) == 1


def test_a_stale_reset_is_refused(team: Any) -> None:
    council, _admin, analyst, client = team
    response = client.post(_url("reset", council, analyst.pk), {"version": analyst.version + 5})
    assert response.status_code == 409
    assert TOTPDevice.objects.filter(user=analyst, confirmed=True).exists()
    assert not EnrolmentLink.objects.exists()


@pytest.mark.parametrize("page", ["detail", "change", "remove", "reset"])
def test_a_person_of_another_council_is_not_found(
    team: Any, council_factory: Any, person: Any, page: str
) -> None:
    council, _admin, _analyst, client = team
    stranger = person("analyst", council_factory())
    assert client.get(_url(page, council, stranger.pk)).status_code == 404
    assert client.post(_url(page, council, stranger.pk), {"version": 1}).status_code == 404
    stranger.refresh_from_db()
    assert stranger.is_active
    assert TOTPDevice.objects.filter(user=stranger, confirmed=True).exists()
