"""Shell pages: styled errors without stack traces, health, security headers, access log page."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.urls import path

from thrive.councils.access import access_log_record
from thrive.councils.models import AccessLogEntry

TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "thrive" / "templates"


def _boom(request: Any) -> Any:
    raise RuntimeError("secret internal detail")


urlpatterns = [path("boom/", _boom)]
handler500 = "thrive.web.views.error_500"


def test_unknown_url_gives_styled_404(client: Client, db: Any) -> None:
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Page not found" in body and "govuk-template__body" in body


@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
def test_server_error_shows_no_stack_trace(db: Any) -> None:
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "Sorry, there is a problem with the service" in body
    assert "secret internal detail" not in body and "Traceback" not in body


def test_healthz_reports_database(client: Client, db: Any) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_503_when_database_fails(client: Client, db: Any, monkeypatch: Any) -> None:
    class BrokenConnection:
        def cursor(self) -> Any:
            raise connection.Database.OperationalError("down")

    monkeypatch.setattr("thrive.web.views.connection", BrokenConnection())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


def test_security_headers(client: Client, db: Any) -> None:
    response = client.get("/accounts/sign-in/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Request-ID"]


def test_no_template_has_inline_script_or_style() -> None:
    for template in TEMPLATES.rglob("*.html"):
        text = template.read_text()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), template
        assert "<style" not in text and " style=" not in text, template
        assert not re.search(r"\son[a-z]+=", text), template


def test_check_deploy_is_clean_with_production_settings(tmp_path: Path) -> None:
    env = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {"DEBUG", "THRIVE_TESTING", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(
        SECRET_KEY="x" * 20 + "production-like-secret-key-for-check-only-abcdefghijkl",
        ALLOWED_HOSTS="thrive.council.example",
        DJANGO_SETTINGS_MODULE="thrive.settings",
        THRIVE_DATA_DIR=str(tmp_path),
    )
    result = subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_refuse_to_start_without_secret(tmp_path: Path) -> None:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "THRIVE_TESTING", "SECRET_KEY", "THRIVE_CLI"}
    }
    env.update(DJANGO_SETTINGS_MODULE="thrive.settings", THRIVE_DATA_DIR=str(tmp_path))
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_access_log_page_lists_and_filters(council_factory: Any, person: Any, sign_in: Any) -> None:
    council = council_factory()
    admin = person("admin", council)
    analyst = person("analyst", council, username="ana")
    from django.test import RequestFactory

    request = RequestFactory().get("/x")
    request.user = analyst
    access_log_record(
        request=request,
        council=council,
        kind="export",
        what="CP list",
        purpose="Board pack",
        child_ids=["CHILD-7"],
    )
    client = sign_in(admin)
    page = client.get(f"/c/{council.la_number}/access-log/", {"child": "CHILD-7"})
    body = page.content.decode()
    assert page.status_code == 200
    assert "CP list" in body and "Board pack" in body and "ana" in body
    empty = client.get(f"/c/{council.la_number}/access-log/", {"username": "nobody"})
    assert "No entries match." in empty.content.decode()
    bad = client.get(
        f"/c/{council.la_number}/access-log/", {"date_from": "31/12/2026", "date_to": "1/1/2026"}
    )
    assert "govuk-error-summary" in bad.content.decode()
    assert "To date must be the same as or after the from date" in bad.content.decode()
    # Reading the log is itself logged.
    assert AccessLogEntry.objects.filter(what="Access log search").count() == 3


def test_home_offers_council_switcher(council_factory: Any, person: Any, sign_in: Any) -> None:
    first = council_factory(name="Firstshire")
    second = council_factory(name="Secondshire")
    user = person("councillor", first)
    from thrive.councils.services import membership_set

    membership_set(user=user, council=second, role="councillor")
    client = sign_in(user)
    body = client.get("/").content.decode()
    assert "Firstshire" in body and "Secondshire" in body
    page = client.get(f"/c/{first.la_number}/").content.decode()
    assert "Switch council" in page


@pytest.mark.parametrize("role", ["councillor", "analyst"])
def test_single_council_home_redirects(
    council_factory: Any, person: Any, sign_in: Any, role: str
) -> None:
    council = council_factory()
    response = sign_in(person(role, council)).get("/")
    assert response.status_code == 302
    assert response["Location"] == f"/c/{council.la_number}/"
