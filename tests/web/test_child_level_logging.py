"""Issue 15 item 3: every page that shows a child identifier writes an access-log entry.

Walks every named URL (tests/url_registry.py) as an administrator of council A, who may see
children's records, and looks in each answer for the child identifiers the populated world
holds. Any page that shows one must have appended an `AccessLogEntry` for that very request:
a child-level page without `child_level_view` (or `access_log_record`) fails here by name.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.factories import signed_in_client
from tests.url_registry import URL_KWARGS, World, populate
from tests.web.test_tenant_isolation import all_url_names
from thrive.audits.models import Audit
from thrive.councils.models import AccessLogEntry
from thrive.returns.models import Submission, ValidationFinding
from thrive.returns.selectors import stored_child_ids

pytestmark = pytest.mark.database

# Findings hold the council's pseudonyms (16 hex characters), as ingest stores them.
FIXED = "a1a1a1a1a1a10001"
NEW = "b2b2b2b2b2b20002"

# Query strings that make a page show its child-level content (the bare URL shows a form).
QUERIES: dict[str, Callable[[World], dict[str, Any]]] = {
    "returns:submission-compare": lambda world: {
        "before": world.objects["logging_before"].pk,
        "after": world.objects["logging_after"].pk,
    },
}


def _two_versions_with_findings(world: World) -> None:
    """Version 1 has a finding on one child that version 2 fixed; version 2 has a new one."""
    upload = world.objects["upload_a"]
    for version, child in ((1, FIXED), (2, NEW)):
        submission = Submission.objects.create(
            council=world.council_a,
            upload=upload,
            return_type="ssda903",
            collection_year=2026,
            version=version,
            is_current=version == 2,
            content_hash=f"hash-{version}",
            storage_dir=f"logging/{version}",
        )
        ValidationFinding.objects.create(
            council=world.council_a,
            upload=upload,
            submission=submission,
            rule="101",
            severity="error",
            return_type="ssda903",
            table="header",
            row=1,
            child=child,
            fields=["SEX"],
            message="Sex is not a valid code",
        )
        world.objects[f"logging_{'before' if version == 1 else 'after'}"] = submission


def _child_ids(world: World) -> set[str]:
    """Every child identifier council A's data holds, wherever the apps keep one."""
    ids = set(
        ValidationFinding.objects.filter(council=world.council_a)
        .exclude(child="")
        .values_list("child", flat=True)
    )
    ids |= set(Audit.objects.filter(council=world.council_a).values_list("child_id", flat=True))
    # Very short ids ("1") would match any page; the fixtures' ids are all longer.
    return {child for child in ids if len(child) >= 4}


@pytest.fixture
def world(council_factory: Any) -> World:
    council_a = council_factory(la_number="9101", name="Alphaborough Marker-A")
    council_b = council_factory(la_number="9102", name="Betaford Marker-B")
    world = populate(World(council_a=council_a, council_b=council_b))
    _two_versions_with_findings(world)
    return world


def _audit_children(world: World) -> set[str]:
    """The children of council A's audits (typed as Marker-A-C1/C2, kept as pseudonyms)."""
    typed = ["Marker-A-C1", "Marker-A-C2"]
    return set(stored_child_ids(council=world.council_a, child_ids=typed))


def test_the_world_holds_child_ids_to_look_for(world: World) -> None:
    ids = _child_ids(world)
    assert {FIXED, NEW} <= ids
    assert _audit_children(world) <= ids  # the audits' children, as their pseudonyms


# An administrator sees most pages; the audits' own auditor and QA lead see the pages that are
# theirs alone (an audit's child actions, moderation).
WALKERS = ("admin", "auditor-marker-a", "qa-marker-a")


@pytest.mark.parametrize("walker", WALKERS)
def test_every_page_showing_a_child_id_is_access_logged(
    world: World, person: Any, client: Any, walker: str
) -> None:
    if walker == "admin":
        user = person("admin", world.council_a)
    else:
        user = get_user_model().objects.get(username=walker)
    signed_in_client(client, user)
    child_ids = _child_ids(world)
    unlogged: list[str] = []
    shown_anywhere: set[str] = set()
    for name in all_url_names():
        url = reverse(name, kwargs=URL_KWARGS[name](world))
        query = QUERIES.get(name)
        last = AccessLogEntry.objects.order_by("-pk").values_list("pk", flat=True).first()
        response = client.get(url, query(world) if query else None)
        if response.status_code != 200 or getattr(response, "streaming", False):
            continue
        body = response.content.decode("utf-8", "replace")
        shown = {child for child in child_ids if child in body}
        if not shown:
            continue
        shown_anywhere |= shown
        logged = AccessLogEntry.objects.filter(
            pk__gt=last or 0, council=world.council_a, path__startswith=url
        )
        if not logged.exists():
            unlogged.append(f"{name} showed {sorted(shown)}")
    assert unlogged == [], "Child-level pages without an access-log entry: " + "; ".join(unlogged)
    # The walk must actually reach child-level content, or it proves nothing.
    expected = _audit_children(world)
    if walker == "admin":
        expected |= {FIXED, NEW}
    assert expected <= shown_anywhere, shown_anywhere


def test_version_comparison_logs_the_children_it_shows(
    world: World, person: Any, client: Any
) -> None:
    signed_in_client(client, person("analyst", world.council_a))
    url = reverse(
        "returns:submission-compare", kwargs=URL_KWARGS["returns:submission-compare"](world)
    )
    response = client.get(url, QUERIES["returns:submission-compare"](world))
    assert response.status_code == 200
    entry = AccessLogEntry.objects.filter(council=world.council_a).latest("pk")
    assert entry.path.startswith(url) and entry.kind == AccessLogEntry.Kind.VIEW
    assert entry.child_ids == [FIXED, NEW]
