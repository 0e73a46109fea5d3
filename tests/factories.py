"""factory_boy factories for councils and people, and a signed-in client helper."""

from __future__ import annotations

import itertools
from typing import Any

import factory
from django.contrib.auth import get_user_model
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from thrive.councils.models import Council, Membership
from thrive.councils.roles import CHILD_LEVEL_ROLES, Role

TEST_PASSWORD = "correct-horse-battery-staple-42"


_COUNCIL_NUMBERS = itertools.count()


def _free_la_number() -> str:
    """A fictional LA number in 9000–9999 no council holds yet (LA numbers are 4 characters:
    PostgreSQL refuses a fifth once a long run has made more than a thousand councils)."""
    for _ in range(1000):
        number = str(9000 + next(_COUNCIL_NUMBERS) % 1000)
        if not Council.objects.filter(la_number=number).exists():
            return number
    raise RuntimeError("every test LA number 9000-9999 is taken")


class CouncilFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Council
        django_get_or_create = ("la_number",)

    la_number = factory.LazyFunction(_free_la_number)
    name = factory.Sequence(lambda n: f"Fictional Council {n}")
    region = "North West"
    is_fictional = True


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.test")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def _save(obj: Any, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    council = factory.SubFactory(CouncilFactory)
    role = Role.MANAGER


def person_with_role(role: str | Role, council: Council, username: str | None = None) -> Any:
    user = UserFactory(**({"username": username} if username else {}))
    MembershipFactory(user=user, council=council, role=role)
    if Role(role) in CHILD_LEVEL_ROLES:
        TOTPDevice.objects.create(user=user, name="Test authenticator", confirmed=True)
    return user


def signed_in_client(client: Any, user: Any) -> Any:
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is not None:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client
