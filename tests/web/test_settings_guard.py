"""Issue 15 item 10: testing mode (MD5 hashing, a published key) never starts outside tests."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

MESSAGE = "THRIVE_TESTING is set, but this is not a test run"


def _production_like_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """The environment of a server: no DEBUG, a real key and host, and no pytest around it."""
    dropped = {
        "DEBUG",
        "THRIVE_DEBUG",
        "THRIVE_TESTING",
        "PYTEST_VERSION",
        "DJANGO_SETTINGS_MODULE",
    }
    env = {key: value for key, value in os.environ.items() if key not in dropped}
    env.update(
        SECRET_KEY="x" * 20 + "production-like-secret-key-for-check-only-abcdefghijkl",
        ALLOWED_HOSTS="thrive.council.example",
        DJANGO_SETTINGS_MODULE="thrive.settings",
        THRIVE_DATA_DIR=str(tmp_path),
    )
    env.update(extra)
    return env


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, env=env, check=False)


def _django_setup(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return _run([sys.executable, "-c", "import django; django.setup()"], env)


def test_pytest_exports_its_version_for_the_guard() -> None:
    # The guard's rule rests on this (pytest 8.2+); if it ever stops, the suite cannot start.
    assert os.environ.get("PYTEST_VERSION") == pytest.__version__


def test_settings_refuse_testing_mode_in_production(tmp_path: Path) -> None:
    result = _django_setup(_production_like_env(tmp_path, THRIVE_TESTING="1"))
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and MESSAGE in result.stderr


def test_check_deploy_refuses_testing_mode(tmp_path: Path) -> None:
    thrive = Path(sys.executable).with_name("thrive")
    env = _production_like_env(tmp_path, THRIVE_TESTING="1")
    result = _run([str(thrive), "manage", "check", "--deploy"], env)
    assert result.returncode != 0
    # The CLI wraps long messages; compare without line breaks.
    assert MESSAGE in " ".join((result.stdout + result.stderr).split())


def test_production_settings_without_testing_mode_still_start(tmp_path: Path) -> None:
    result = _django_setup(_production_like_env(tmp_path))
    assert result.returncode == 0, result.stderr


def test_testing_mode_is_allowed_under_pytest_and_for_local_debugging(tmp_path: Path) -> None:
    under_pytest = _production_like_env(tmp_path, THRIVE_TESTING="1", PYTEST_VERSION="9")
    assert _django_setup(under_pytest).returncode == 0
    debugging = _production_like_env(tmp_path, THRIVE_TESTING="1", DEBUG="1")
    assert _django_setup(debugging).returncode == 0


def test_thrive_serve_refuses_testing_mode_in_production(tmp_path: Path) -> None:
    # `thrive serve` turns DEBUG on by default (it is for local use on 127.0.0.1), and with
    # DEBUG on the guard allows testing mode for local debugging; run as production would
    # (DEBUG off), it must refuse before any server or worker starts.
    thrive = Path(sys.executable).with_name("thrive")
    env = _production_like_env(tmp_path, THRIVE_TESTING="1", DEBUG="0")
    result = subprocess.run(
        [str(thrive), "serve", "--port", "8765"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=120,
    )
    assert result.returncode != 0
    assert MESSAGE in " ".join((result.stdout + result.stderr).split())
    assert "Started the background worker" not in result.stdout


@pytest.mark.parametrize(("testing", "refused"), [("1", True), ("", False)])
def test_gunicorn_refuses_testing_mode_when_it_loads_the_app(
    tmp_path: Path, testing: str, refused: bool
) -> None:
    # gunicorn imports thrive.wsgi (and so the settings) when it loads the app; --check-config
    # loads it and exits, so no server is started.
    gunicorn = Path(sys.executable).with_name("gunicorn")
    env = _production_like_env(tmp_path, THRIVE_TESTING=testing)
    result = _run([str(gunicorn), "--check-config", "thrive.wsgi:application"], env)
    assert (result.returncode != 0) is refused, result.stderr
    assert (MESSAGE in result.stderr) is refused
