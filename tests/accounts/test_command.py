"""`thrive enrol-link`: a one-time link from the server, for people with no council admin."""

from __future__ import annotations

from typing import Any

import pytest
import typer
from django_otp.plugins.otp_totp.models import TOTPDevice

from thrive.accounts.command import enrol_link_command
from thrive.accounts.models import EnrolmentLink


def test_enrol_link_prints_a_working_link_and_removes_the_old_device(
    council_factory: Any, person: Any, client: Any, capsys: Any
) -> None:
    user = person("analyst", council_factory())
    enrol_link_command(username=user.username, base_url="https://thrive.example.test", email=False)
    url = capsys.readouterr().out.strip()
    assert url.startswith("https://thrive.example.test/accounts/enrol/")
    link = EnrolmentLink.objects.get(user=user)
    assert (link.purpose, link.issued_by, link.council) == ("reset", None, None)
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert client.get(url.removeprefix("https://thrive.example.test")).status_code == 200


def test_enrol_link_names_an_unknown_username(db: Any, capsys: Any) -> None:
    with pytest.raises(typer.Exit):
        enrol_link_command(username="nobody-here", base_url="", email=False)
    assert "no account has the username 'nobody-here'" in capsys.readouterr().err
