"""Walk every URL pattern as people of two councils: no cross-council data, never a 500."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.factories import signed_in_client
from tests.url_registry import PUBLIC_URLS, URL_KWARGS, World, populate

SKIPPED_NAMESPACES = {"admin"}  # Django admin: superusers only, tested in test_admin.py


def _named_patterns(resolver: URLResolver, namespace: str = "") -> list[str]:
    names: list[str] = []
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            child = pattern.namespace or ""
            if child in SKIPPED_NAMESPACES:
                continue
            prefix = f"{namespace}:{child}" if namespace and child else (child or namespace)
            names.extend(_named_patterns(pattern, prefix))
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.append(f"{namespace}:{pattern.name}" if namespace else pattern.name)
    return names


def all_url_names() -> list[str]:
    return sorted(set(_named_patterns(get_resolver())))


def test_every_url_is_registered_for_walking() -> None:
    missing = [name for name in all_url_names() if name not in URL_KWARGS]
    assert missing == [], f"Add these URLs to tests/url_registry.py: {missing}"


@pytest.fixture
def world(council_factory: Any, person: Any) -> World:
    council_a = council_factory(la_number="9101", name="Alphaborough Marker-A")
    council_b = council_factory(la_number="9102", name="Betaford Marker-B")
    return populate(World(council_a=council_a, council_b=council_b))


@pytest.mark.parametrize("role", ["admin", "analyst", "councillor"])
def test_people_of_another_council_see_nothing_of_council_a(
    world: World, person: Any, client: Any, role: str
) -> None:
    intruder = person(role, world.council_b)
    signed_in_client(client, intruder)
    for name in all_url_names():
        url = reverse(name, kwargs=URL_KWARGS[name](world))
        response = client.get(url)
        assert response.status_code != 500, f"{name} crashed"
        body = response.content.decode("utf-8", "replace")
        assert "Marker-A" not in body, f"{name} showed council A's data to a council B {role}"
        if name not in PUBLIC_URLS and "council_code" in URL_KWARGS[name](world):
            assert response.status_code == 404, f"{name} gave {response.status_code}, not 404"


@pytest.mark.parametrize("role", ["admin", "analyst", "councillor"])
def test_people_of_council_a_never_see_council_b(
    world: World, person: Any, client: Any, role: str
) -> None:
    member = person(role, world.council_a)
    signed_in_client(client, member)
    for name in all_url_names():
        response = client.get(reverse(name, kwargs=URL_KWARGS[name](world)), follow=True)
        assert response.status_code != 500, f"{name} crashed"
        assert "Marker-B" not in response.content.decode("utf-8", "replace"), name


def test_signed_out_visitors_reach_no_council_page(world: World, client: Any) -> None:
    for name in all_url_names():
        response = client.get(reverse(name, kwargs=URL_KWARGS[name](world)))
        assert response.status_code != 500, name
        if name not in PUBLIC_URLS and name != "accounts:logout":
            assert response.status_code in {302, 405}, f"{name}: {response.status_code}"
            assert "Marker-A" not in response.content.decode()
