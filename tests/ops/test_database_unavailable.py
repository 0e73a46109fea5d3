"""The database unavailable: a clear 503 page (not a crash), and the service back when it is."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.db import OperationalError, connection
from django.test import Client

from tests.factories import CouncilFactory, signed_in_client

HEADING = "Sorry, there is a problem with the service"


@contextmanager
def _database_down() -> Iterator[None]:
    """Every new cursor fails as it does when PostgreSQL refuses connections."""

    def refuse() -> None:
        raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: refused')

    original = connection.ensure_connection
    connection.ensure_connection = refuse  # type: ignore[method-assign]
    try:
        yield
    finally:
        connection.ensure_connection = original  # type: ignore[method-assign]


@pytest.mark.django_db
def test_a_signed_in_page_gives_the_503_page_and_recovers(person: Any) -> None:
    council = CouncilFactory()
    client = signed_in_client(Client(raise_request_exception=False), person("analyst", council))
    url = f"/c/{council.la_number}/"
    assert client.get(url).status_code == 200
    with _database_down():
        down = client.get(url)
    assert down.status_code == 503
    assert down["Retry-After"] == "30"
    assert HEADING in down.content.decode()
    assert "Try again in a few minutes" in down.content.decode()
    assert client.get(url).status_code == 200  # back as soon as the database is


@pytest.mark.django_db
def test_a_failure_in_the_view_itself_gives_the_503_page(
    person: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The session and user are read before the view; this fails only the view's own query.
    council = CouncilFactory()
    client = signed_in_client(Client(raise_request_exception=False), person("analyst", council))

    def failing(*args: Any, **kwargs: Any) -> Any:
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr("thrive.web.views.council_home_read", failing)
    down = client.get(f"/c/{council.la_number}/")
    assert down.status_code == 503
    assert HEADING in down.content.decode()


@pytest.mark.django_db
def test_other_errors_still_give_the_500_page(person: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    council = CouncilFactory()
    client = signed_in_client(Client(raise_request_exception=False), person("analyst", council))

    def failing(*args: Any, **kwargs: Any) -> Any:
        raise ValueError("a bug")

    monkeypatch.setattr("thrive.web.views.council_home_read", failing)
    response = client.get(f"/c/{council.la_number}/")
    assert response.status_code == 500
    assert "Retry-After" not in response


@pytest.mark.django_db
def test_health_check_reports_the_database_unreachable() -> None:
    with _database_down():
        response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unreachable"}


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])  # nothing listens once the probe is closed


# A signed-in person's requests; production settings, except that static files are not
# collected (not what is tested here).
PROBE = """
import django
django.setup()
from django.conf import settings
from django.test import Client
from django.test.utils import override_settings
simple = "django.contrib.staticfiles.storage.StaticFilesStorage"
plain = {**settings.STORAGES, "staticfiles": {"BACKEND": simple}}
with override_settings(STORAGES=plain):
    client = Client(raise_request_exception=False)
    client.cookies["sessionid"] = "a" * 32  # a signed-in person: the session is in the database
    for path in ("/", "/c/990/", "/accounts/sign-in/"):
        response = client.get(path, secure=True)
        print(path, response.status_code, response.get("Retry-After"), response.content.decode())
"""


@pytest.mark.slow
def test_production_settings_with_the_database_on_a_closed_port(tmp_path: Any) -> None:
    env = {k: v for k, v in os.environ.items() if k not in {"THRIVE_TESTING"}}
    env.update(
        DJANGO_SETTINGS_MODULE="thrive.settings",
        DATABASE_URL=f"postgres://postgres@127.0.0.1:{_closed_port()}/thrive",
        THRIVE_DATA_DIR=str(tmp_path),
        SECRET_KEY="a-throwaway-key-for-this-test-only-" + "x" * 20,
        ALLOWED_HOSTS="testserver",
        DEBUG="0",
        THRIVE_LOG_LEVEL="CRITICAL",
    )
    done = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    lines = [line for line in done.stdout.splitlines() if line.startswith("/")]
    assert [line.split()[:3] for line in lines] == [
        ["/", "503", "30"],
        ["/c/990/", "503", "30"],
        ["/accounts/sign-in/", "503", "30"],
    ]
    assert done.stdout.count(HEADING) >= 3
    assert "Traceback" not in done.stdout
