"""Every URL × every role → the status the per-app tables in tests/*/url_cases.py promise.

Reads (GET) are checked for all ten roles in one test per URL, on one set of data, since they
change nothing; writes get a fresh world per role. Either way only the owning app's data is
built, which keeps the matrix fast as apps add URLs.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import signed_in_client
from tests.url_registry import ALL_ROLES, PERMISSION_MATRIX, URL_KWARGS, World, populate

READS = [
    (name, expectations) for name, method, expectations in PERMISSION_MATRIX if method == "GET"
]
WRITES = [
    (name, method, role, expected)
    for name, method, expectations in PERMISSION_MATRIX
    if method != "GET"
    for role, expected in expectations.items()
]


def test_matrix_names_every_role_for_every_url() -> None:
    for name, _method, expectations in PERMISSION_MATRIX:
        assert set(expectations) == set(ALL_ROLES), name


def _world(council_factory: Any, name: str) -> World:
    council = council_factory(la_number="9201", name="Matrixshire")
    other = council_factory(la_number="9202", name="Elsewhere")
    return populate(World(council_a=council, council_b=other), for_urls={name})


@pytest.mark.parametrize(("name", "expectations"), READS, ids=[name for name, _ in READS])
def test_read_permissions(
    council_factory: Any, person: Any, name: str, expectations: dict[str, int]
) -> None:
    world = _world(council_factory, name)
    url = reverse(name, kwargs=URL_KWARGS[name](world))
    wrong = []
    for role in ALL_ROLES:
        client = signed_in_client(Client(), person(role, world.council_a))
        status = client.get(url).status_code
        if status != expectations[role]:
            wrong.append(f"{role}: {status}, expected {expectations[role]}")
    assert wrong == [], f"GET {name}"


@pytest.mark.parametrize(("name", "method", "role", "expected"), WRITES)
def test_write_permissions(
    council_factory: Any,
    person: Any,
    client: Any,
    name: str,
    method: str,
    role: str,
    expected: int,
) -> None:
    world = _world(council_factory, name)
    signed_in_client(client, person(role, world.council_a))
    response = client.generic(method, reverse(name, kwargs=URL_KWARGS[name](world)))
    assert response.status_code == expected, f"{role} {method} {name}"
