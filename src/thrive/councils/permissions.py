"""The one place that answers "may this user do X here?". Views and the API call it.

A user's powers in a council come from their membership role (see `roles.ROLE_ACTIONS`).
Superusers are system administrators: they manage tenants and users through the admin site but
get no implicit access to any council's children.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Model

from thrive.councils.models import Council, Membership
from thrive.councils.roles import CHILD_LEVEL_ROLES, ROLE_ACTIONS, Action, role_allows

AnyUser = Any  # the project's User or AnonymousUser


def membership_for(user: AnyUser, council: Council) -> Membership | None:
    if user is None or isinstance(user, AnonymousUser) or not user.is_authenticated:
        return None
    cache: dict[int, Membership | None] = user.__dict__.setdefault("_thrive_memberships", {})
    if council.pk not in cache:
        cache[council.pk] = (
            Membership.objects.filter(user=user, council=council).select_related("council").first()
        )
    return cache[council.pk]


def council_of(obj: Council | Model) -> Council:
    if isinstance(obj, Council):
        return obj
    council = getattr(obj, "council", None)
    if not isinstance(council, Council):
        raise TypeError(f"{type(obj).__name__} is not owned by a council")
    return council


def can(user: AnyUser, action: Action, obj: Council | Model) -> bool:
    """May `user` do `action` to `obj` (a council, or any object that belongs to one)?"""
    membership = membership_for(user, council_of(obj))
    if membership is None:
        return False
    return role_allows(membership.role, action)


def requires_mfa(user: AnyUser) -> bool:
    """Everyone who can see child-level data, and every system administrator, must use MFA."""
    if not user.is_authenticated:
        return False
    if user.is_superuser or user.is_staff:
        return True
    return Membership.objects.filter(user=user, role__in=CHILD_LEVEL_ROLES).exists()


def councils_for(user: AnyUser) -> list[Council]:
    if not user.is_authenticated:
        return []
    return [m.council for m in Membership.objects.filter(user=user).select_related("council")]


def users_with_action(*, council: Council, action: Action) -> list[Any]:
    """Everyone whose role in `council` allows `action`, by username."""
    roles = [role.value for role, actions in ROLE_ACTIONS.items() if action in actions]
    return [
        m.user
        for m in Membership.objects.filter(council=council, role__in=roles)
        .select_related("user")
        .order_by("user__username")
    ]
