"""The database unavailable: a clear 503 page instead of a crash, and recovery when it returns.

When PostgreSQL is down, restarting or refusing connections, every page would otherwise fail
with a generic error. Django raises OperationalError (or InterfaceError for a connection that
dropped); this turns either into GOV.UK's "Sorry, there is a problem with the service" page with
status 503 and Retry-After, so people know to try again and load balancers back off. Nothing has
to be reset for recovery: Django closes a connection that failed at the end of the request, and
the next request connects afresh.

A failure inside a view reaches `process_exception` here; one raised earlier, in another
middleware (the session or the signed-in user is read from the database there), reaches the
500 handler, which asks `database_unavailable` and answers with the same page.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template import loader

RETRY_AFTER_SECONDS = 30

logger = logging.getLogger("thrive.health")


def database_unavailable(exception: BaseException | None) -> bool:
    """True for the errors that mean "the database cannot be reached or used just now"."""
    return isinstance(exception, OperationalError | InterfaceError)


def database_unavailable_response() -> HttpResponse:
    """The 503 page, rendered without context processors (they would query the database)."""
    response = HttpResponse(loader.get_template("503.html").render({}), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """Answer 503 with a clear page when a view fails because the database is unavailable."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not database_unavailable(exception):
            return None
        logger.error("database unavailable: %s %s", request.method, request.path, exc_info=True)
        return database_unavailable_response()
