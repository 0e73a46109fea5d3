"""Child-level access: the permission check and the access-log row, written by one helper."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from thrive.councils.models import AccessLogEntry, Council
from thrive.councils.permissions import can
from thrive.councils.roles import Action
from thrive.observability import current_request_id


def client_ip(request: HttpRequest) -> str | None:
    # REMOTE_ADDR only: X-Forwarded-For is client-controlled unless a trusted proxy rewrites it,
    # and deployments behind a proxy set REMOTE_ADDR there (e.g. gunicorn --forwarded-allow-ips).
    return request.META.get("REMOTE_ADDR") or None


def access_log_record(
    *,
    request: HttpRequest,
    council: Council | None,
    kind: str,
    what: str,
    purpose: str,
    child_ids: Iterable[str] = (),
    object_ids: Iterable[str | int] = (),
) -> AccessLogEntry:
    """Append one row to the access log. Call it for every child-level view, export, download.

    `child_ids` are kept as the council's pseudonyms: the pseudonyms the stored versions hold
    stay as they are, and any other identifier (a raw one, e.g. typed by a person) is hashed
    with the council's key first, so the log never holds a raw child identifier.
    """
    user = request.user if request.user.is_authenticated else None
    children = access_log_child_ids(council=council, child_ids=child_ids)
    return AccessLogEntry.objects.create(
        user=user,
        username=getattr(user, "username", "") or "anonymous",
        council=council,
        kind=kind,
        what=what[:200],
        purpose=purpose[:200],
        child_ids=children,
        object_ids=[str(obj) for obj in object_ids],
        path=_logged_path(request, council)[:500],
        ip_address=client_ip(request),
        request_id=current_request_id(),
    )


def access_log_child_ids(*, council: Council | None, child_ids: Iterable[str]) -> list[str]:
    """The identifiers as the access log keeps them: the council's pseudonyms, sorted, once."""
    from thrive.returns.pseudonymise import is_pseudonym, pseudonymise_ids

    ids = [str(child).strip() for child in child_ids]
    ids = [child for child in ids if child]
    if all(is_pseudonym(child) for child in ids):
        return sorted(set(ids))
    if council is None:
        raise ValueError("A raw child identifier can only be logged against its council.")
    from thrive.returns.selectors import council_pseudonymiser_made

    return sorted(set(pseudonymise_ids(council_pseudonymiser_made(council=council), ids)))


# Query parameters that carry a child identifier (searches): logged as pseudonyms too.
CHILD_QUERY_PARAMETERS = ("child", "child_id")


def _logged_path(request: HttpRequest, council: Council | None) -> str:
    """The path as the log keeps it: a child searched for by a raw id is named by pseudonym."""
    if not any(key in request.GET for key in CHILD_QUERY_PARAMETERS):
        return request.get_full_path()
    from thrive.returns.pseudonymise import is_pseudonym

    query = request.GET.copy()
    for key in CHILD_QUERY_PARAMETERS:
        if key in query:
            values = query.getlist(key)
            if council is None and not all(is_pseudonym(v.strip()) for v in values if v.strip()):
                query.setlist(key, ["(removed)"])
            else:
                query.setlist(key, access_log_child_ids(council=council, child_ids=values))
    return f"{request.path}?{query.urlencode()}"


ViewFunc = Callable[..., HttpResponse]
ChildLevelViewFunc = Callable[..., tuple[HttpResponse, Iterable[str]]]


def child_level_view(*, what: str, purpose: str) -> Callable[[ChildLevelViewFunc], ViewFunc]:
    """Decorate a council view that shows individual children.

    The view must return `(response, child_ids)`; the decorator refuses roles without
    child-level access (403) and logs who saw which children before the page is sent.
    """

    def decorator(view: ChildLevelViewFunc) -> ViewFunc:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            council: Council = request.council  # type: ignore[attr-defined]
            if not can(request.user, Action.VIEW_CHILD_LEVEL, council):
                raise PermissionDenied("Your role does not allow access to children's records.")
            response, child_ids = view(request, *args, **kwargs)
            access_log_record(
                request=request,
                council=council,
                kind=AccessLogEntry.Kind.VIEW,
                what=what,
                purpose=purpose,
                child_ids=child_ids,
            )
            return response

        return wrapper

    return decorator
