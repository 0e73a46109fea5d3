"""No lost updates on "you said, we did" (issue 15): two tabs load the same entry, the first
saves, the second is refused with a clear message and the first's words survive."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from thrive.voice import services
from thrive.voice.models import YouSaidWeDid

pytestmark = pytest.mark.django_db


def _entry(council: Any) -> YouSaidWeDid:
    return services.you_said_we_did_save(
        council=council,
        entry=None,
        audience="children",
        you_said="Reviews were at school",
        we_did="Reviews now happen after school",
        feedback=[],
        actions=[],
        published=False,
        created_by=None,
    )


def _save(entry: YouSaidWeDid, we_did: str) -> YouSaidWeDid:
    return services.you_said_we_did_save(
        council=entry.council,
        entry=entry,
        audience=entry.audience,
        you_said=entry.you_said,
        we_did=we_did,
        feedback=[],
        actions=[],
        published=True,
        created_by=None,
        version=entry.version,
    )


def test_a_stale_tab_cannot_overwrite_the_entry(council_factory: Any) -> None:
    entry = _entry(council_factory())
    tab_one, tab_two = (YouSaidWeDid.objects.get(pk=entry.pk) for _ in range(2))
    _save(tab_one, "Reviews happen where the child chooses")
    with pytest.raises(services.StaleEntryError, match="Someone else changed this entry"):
        _save(tab_two, "Something older")
    entry.refresh_from_db()
    assert (entry.we_did, entry.version) == ("Reviews happen where the child chooses", 2)


def test_the_edit_page_refuses_a_stale_or_missing_version(
    council_factory: Any, person: Any, sign_in: Any
) -> None:
    council = council_factory()
    entry = _entry(council)
    client = sign_in(person("qa_lead", council))
    url = reverse("voice:you-said-we-did-edit", args=[council.la_number, entry.pk])
    assert 'name="version" value="1"' in client.get(url).content.decode()
    post = {"audience": "children", "you_said": "Reviews", "we_did": "First", "version": "1"}
    assert client.post(url, post).status_code == 302
    response = client.post(url, {**post, "we_did": "Second"})
    page = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in page
    assert "Someone else changed this entry while you were editing it" in page
    assert "Second" in page and 'name="version" value="2"' in page  # what they typed is kept
    del post["version"]
    assert client.post(url, {**post, "we_did": "Third"}).status_code == 200
    entry.refresh_from_db()
    assert (entry.we_did, entry.version) == ("First", 2)
    # A new entry carries version 0 and saves.
    create = reverse("voice:you-said-we-did-create", args=[council.la_number])
    assert client.post(create, {**post, "version": "0"}).status_code == 302
