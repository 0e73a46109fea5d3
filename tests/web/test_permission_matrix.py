"""Every URL × every role → the status the matrix in tests/url_registry.py promises."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from tests.factories import signed_in_client
from tests.url_registry import ALL_ROLES, PERMISSION_MATRIX, URL_KWARGS, World, populate

CASES = [
    (name, method, role, expected)
    for name, method, expectations in PERMISSION_MATRIX
    for role, expected in expectations.items()
]


def test_matrix_names_every_role_for_every_url() -> None:
    for name, _method, expectations in PERMISSION_MATRIX:
        assert set(expectations) == set(ALL_ROLES), name


@pytest.mark.parametrize(("name", "method", "role", "expected"), CASES)
def test_permission_matrix(
    council_factory: Any,
    person: Any,
    client: Any,
    name: str,
    method: str,
    role: str,
    expected: int,
) -> None:
    council = council_factory(la_number="9201", name="Matrixshire")
    other = council_factory(la_number="9202", name="Elsewhere")
    world = populate(World(council_a=council, council_b=other))
    signed_in_client(client, person(role, council))
    url = reverse(name, kwargs=URL_KWARGS[name](world))
    response = client.generic(method, url)
    assert response.status_code == expected, f"{role} {method} {name}"
