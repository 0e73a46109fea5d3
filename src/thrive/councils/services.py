"""Writes for councils and memberships: keyword-only, validated, with clear messages."""

from __future__ import annotations

from django.db import transaction

from thrive import reference
from thrive.accounts.models import User
from thrive.councils.models import Council, Membership
from thrive.councils.roles import Role


class CouncilError(ValueError):
    """A council could not be created or changed; the message says why and what to do."""


UNKNOWN_CODE = (
    "{code} is not a DfE LA number of an English council. Use the 3-digit number DfE gives the "
    "council (for example 887 for Medway), or 990–999 for a fictional council such as the demo "
    "council Northbridge (990)."
)
DUPLICATE_CODE = "A council with LA number {code} already exists: {existing}."
BAD_REGION = "{region!r} is not an English region. Use one of: {regions}."


def council_add(*, code: str, name: str, region: str | None = None) -> Council:
    """Add a council: a real one (ONS code, region, neighbours filled in) or a fictional one."""
    code = code.strip()
    name = name.strip()
    if not name:
        raise CouncilError("Give the council a name.")
    authorities = reference.local_authorities()
    authority = authorities.get(code)
    fictional = reference.is_fictional_code(code)
    if authority is None and not fictional:
        raise CouncilError(UNKNOWN_CODE.format(code=code))
    if region is not None and region not in reference.regions():
        raise CouncilError(BAD_REGION.format(region=region, regions=", ".join(reference.regions())))
    existing = Council.objects.filter(la_number=code).first()
    if existing is not None:
        raise CouncilError(DUPLICATE_CODE.format(code=code, existing=existing))
    if authority is not None:
        neighbours = [
            n.neighbour_la_number for n in reference.statistical_neighbours().get(code, [])
        ]
        return Council.objects.create(
            la_number=code,
            name=name,
            ons_code=authority.ons_code,
            region=region or authority.region,
            statistical_neighbours=neighbours,
        )
    return Council.objects.create(la_number=code, name=name, region=region or "", is_fictional=True)


@transaction.atomic
def membership_set(*, user: User, council: Council, role: str) -> Membership:
    """Give `user` `role` in `council`, replacing any role they had there."""
    if role not in Role.values:
        raise CouncilError(f"{role!r} is not a role. Use one of: {', '.join(Role.values)}.")
    membership, _ = Membership.objects.update_or_create(
        user=user, council=council, defaults={"role": role}
    )
    return membership
