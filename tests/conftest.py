"""Shared fixtures: councils, people in every role, and signing in with a verified second factor."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import pytest

DATABASE_FIXTURES = {"db", "transactional_db", "django_db_reset_sequences", "live_server"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Everything that touches the database runs again on PostgreSQL (make test-postgres).
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if fixtures & DATABASE_FIXTURES or item.get_closest_marker("django_db"):
            item.add_marker(pytest.mark.database)


@pytest.fixture(autouse=True)
def _private_data_dir(settings: Any, tmp_path: Any) -> None:
    """Every test writes uploads, versions and keys under its own temporary folder."""
    settings.THRIVE_DATA_DIR = tmp_path / "thrive-data"


@pytest.fixture
def council_factory(db: Any) -> Callable[..., Any]:
    from tests.factories import CouncilFactory

    return CouncilFactory


@pytest.fixture
def person(db: Any) -> Callable[..., Any]:
    """person(role, council) -> a user with that role (and an authenticator if needed)."""
    from tests.factories import person_with_role

    return person_with_role


@pytest.fixture
def sign_in(client: Any) -> Callable[[Any], Any]:
    """Sign `user` in to the test client, second factor included where they have one."""
    from tests.factories import signed_in_client

    def _sign_in(user: Any) -> Any:
        return signed_in_client(client, user)

    return _sign_in


@pytest.fixture(scope="session")
def database_vendor() -> str:
    return "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
