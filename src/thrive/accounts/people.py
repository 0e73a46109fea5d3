"""Writes behind the people pages: invite, change role, remove, re-issue enrolment.

Every write is keyword-only, runs in one transaction, checks the person's `version` (the edit
form carries the version it showed, so a change made meanwhile in another tab is never
overwritten) and is recorded in the history of the rows it changes, with who made it.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from thrive.accounts.enrolment import IssuedLink, enrolment_link_issue
from thrive.accounts.models import EnrolmentLink, User
from thrive.councils.models import Council, Membership
from thrive.councils.roles import ROLE_ACTIONS, Action, Role


class PeopleError(ValueError):
    """A change to a person could not be made; the message says why and what to do."""


class StaleEditError(PeopleError):
    """The person was changed by someone else after the form was opened."""


STALE = (
    "Someone else changed {person} after you opened this page. The page now shows their "
    "current details: check them and make your change again."
)
MANAGERS = {
    role.value for role, actions in ROLE_ACTIONS.items() if Action.MANAGE_MEMBERS in actions
}


def _locked(*, council: Council, person: User, expected_version: int) -> Membership:
    """Lock the council's memberships and the person; refuse a stale version."""
    list(Membership.objects.select_for_update().filter(council=council).values_list("pk"))
    fresh = User.objects.select_for_update().get(pk=person.pk)
    membership = Membership.objects.filter(council=council, user=fresh).first()
    if membership is None:
        raise PeopleError(f"{person} is not in {council.name}.")
    if fresh.version != expected_version:
        raise StaleEditError(STALE.format(person=fresh))
    person.version = fresh.version
    return membership


def _bump(person: User) -> None:
    person.version += 1
    person.save(update_fields=["version"])


def _other_managers(*, council: Council, person: User) -> int:
    return (
        Membership.objects.filter(council=council, role__in=MANAGERS, user__is_active=True)
        .exclude(user=person)
        .count()
    )


def person_invite(
    *,
    council: Council,
    by: Any,
    first_name: str,
    last_name: str,
    email: str,
    role: str,
    job_title: str = "",
    base_url: str = "",
) -> IssuedLink:
    """Create an account for a new person with `role` in `council` and send an invitation link.

    The username is the email address. An address already used by another account is refused
    rather than attached, so an invitation never takes over someone's existing account.
    """
    email = email.strip().lower()
    first_name, last_name = first_name.strip(), last_name.strip()
    if not first_name or not last_name:
        raise PeopleError("Enter the person's first name and last name.")
    try:
        validate_email(email)
        UnicodeUsernameValidator()(email)
    except ValidationError as exc:
        raise PeopleError(
            "Enter an email address in the correct format, like name@council.gov.uk"
        ) from exc
    if role not in Role.values:
        raise PeopleError(f"{role!r} is not a role. Use one of: {', '.join(Role.values)}.")
    with transaction.atomic():
        if (
            User.objects.filter(email__iexact=email).exists()
            or User.objects.filter(username__iexact=email).exists()
        ):
            raise PeopleError(
                f"An account with the email address {email} already exists. Ask your Thrive "
                "system administrator to add that person to this council."
            )
        user = User(username=email, email=email, first_name=first_name, last_name=last_name)
        user.set_unusable_password()
        user.save()
        Membership.objects.create(
            user=user, council=council, role=role, job_title=job_title.strip()[:120]
        )
        return enrolment_link_issue(
            user=user,
            purpose=EnrolmentLink.Purpose.INVITE,
            issued_by=by,
            council=council,
            base_url=base_url,
        )


def person_change(
    *,
    council: Council,
    person: User,
    by: Any,
    role: str,
    job_title: str,
    team: str,
    expected_version: int,
) -> Membership:
    """Change `person`'s role, job title and team in `council`."""
    if role not in Role.values:
        raise PeopleError(f"{role!r} is not a role. Use one of: {', '.join(Role.values)}.")
    with transaction.atomic():
        membership = _locked(council=council, person=person, expected_version=expected_version)
        losing_management = membership.role in MANAGERS and role not in MANAGERS
        if losing_management and person.pk == getattr(by, "pk", None):
            raise PeopleError(
                "You cannot take away your own administrator role. Ask another administrator."
            )
        if losing_management and _other_managers(council=council, person=person) == 0:
            raise PeopleError(
                f"{person} is the council's only administrator. Make someone else an "
                "administrator first."
            )
        membership.role = role
        membership.job_title = job_title.strip()[:120]
        membership.team = team.strip()[:120]
        membership.save()
        _bump(person)
    return membership


def person_remove(*, council: Council, person: User, by: Any, expected_version: int) -> bool:
    """Remove `person` from `council`. Returns True if their account was also deactivated
    (they belong to no other council), with any open enrolment link withdrawn."""
    if person.pk == getattr(by, "pk", None):
        raise PeopleError("You cannot remove yourself. Ask another administrator.")
    with transaction.atomic():
        membership = _locked(council=council, person=person, expected_version=expected_version)
        if membership.role in MANAGERS and _other_managers(council=council, person=person) == 0:
            raise PeopleError(
                f"{person} is the council's only administrator and cannot be removed."
            )
        membership.delete()
        deactivate = not Membership.objects.filter(user=person).exists()
        if deactivate:
            person.is_active = False
            person.save(update_fields=["is_active"])
            for link in EnrolmentLink.objects.filter(
                user=person, used_at__isnull=True, revoked_at__isnull=True
            ):
                link.revoked_at = timezone.now()
                link.save(update_fields=["revoked_at"])
        _bump(person)
    return deactivate


def person_reset(
    *, council: Council, person: User, by: Any, expected_version: int, base_url: str = ""
) -> IssuedLink:
    """Remove `person`'s authenticator and send them a new one-time set-up link."""
    with transaction.atomic():
        _locked(council=council, person=person, expected_version=expected_version)
        if not person.is_active:
            raise PeopleError(f"{person}'s account is deactivated.")
        _bump(person)
        return enrolment_link_issue(
            user=person,
            purpose=EnrolmentLink.Purpose.RESET,
            issued_by=by,
            council=council,
            base_url=base_url,
        )
