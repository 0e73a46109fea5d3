"""Site shell pages: home, council overview, access log, static pages, health and errors."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db import connection
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from thrive.councils.access import access_log_record
from thrive.councils.decorators import council_view
from thrive.councils.models import AccessLogEntry
from thrive.councils.permissions import councils_for
from thrive.councils.roles import ROLE_ACTIONS, Action, Role
from thrive.councils.scoping import current_council
from thrive.councils.selectors import access_log_list, council_neighbour_list
from thrive.web.forms import AccessLogSearchForm
from thrive.web.selectors import council_home as council_home_read

ACTION_DESCRIPTIONS: dict[Action, str] = {
    Action.VIEW_AGGREGATE: "See measures, dashboards and counts",
    Action.VIEW_CHILD_LEVEL: "See individual children's records",
    Action.EXPORT_CHILD_LEVEL: "Download lists of children",
    Action.VIEW_PLAN: "Read the improvement plan",
    Action.EDIT_PLAN: "Change the improvement plan",
    Action.UPDATE_OWN_ACTIONS: "Update the actions you own",
    Action.UPLOAD_RETURNS: "Upload statutory returns",
    Action.MANAGE_MEASURES: "Set targets and manage measures",
    Action.RUN_AUDITS: "Complete case audits",
    Action.MANAGE_AUDIT_TOOLS: "Design audit tools and programmes",
    Action.MANAGE_MEMBERS: "Manage people and roles",
    Action.VIEW_ACCESS_LOG: "Search the access log",
    Action.VIEW_REGIONAL: "Compare consenting councils' measures",
    Action.AUTHOR_PACKS: "Prepare, annotate and issue board packs",
}


def home(request: HttpRequest) -> HttpResponse:
    """Signed out: the sign-in page. One council: its overview. Several: a chooser."""
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    councils = councils_for(request.user)
    if len(councils) == 1:
        return redirect("web:council-home", councils[0].la_number)
    return render(request, "web/home.html", {"councils": councils})


@council_view(Action.VIEW_AGGREGATE)
def council_home(request: HttpRequest) -> HttpResponse:
    council = current_council(request)
    membership = request.membership  # type: ignore[attr-defined]
    actions = [
        ACTION_DESCRIPTIONS[action]
        for action in Action
        if action in ROLE_ACTIONS[Role(membership.role)]
    ]
    return render(
        request,
        "web/council_home.html",
        {
            "home": council_home_read(council=council, user=request.user),
            "neighbours": council_neighbour_list(council=council),
            "role_label": membership.get_role_display(),
            "allowed_actions": actions,
        },
    )


@council_view(Action.VIEW_ACCESS_LOG)
def access_log(request: HttpRequest) -> HttpResponse:
    council = current_council(request)
    form = AccessLogSearchForm(request.GET or None)
    entries: QuerySet[AccessLogEntry] = AccessLogEntry.objects.none()
    if form.is_bound and form.is_valid():
        entries = access_log_list(council=council, **form.cleaned_data)
    elif not form.is_bound:
        entries = access_log_list(council=council)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    # The log names children, so reading it is itself a child-level read.
    access_log_record(
        request=request,
        council=council,
        kind=AccessLogEntry.Kind.VIEW,
        what="Access log search",
        purpose="Audit oversight",
        child_ids=[child for entry in page for child in entry.child_ids],
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "web/access_log.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "web/accessibility.html")


def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "web/privacy.html")


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and database reachability, for load balancers and monitoring."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database failure means "not healthy"; details go to the log only
        import logging

        logging.getLogger("thrive.health").exception("database check failed")
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    # No context processors: the failure may have come from them or the database.
    import sys

    from django.template import loader

    from thrive.web.middleware import database_unavailable, database_unavailable_response

    # Django calls this while handling the exception, so it is the one in sys.exc_info().
    if database_unavailable(sys.exc_info()[1]):
        return database_unavailable_response()
    return HttpResponse(loader.get_template("500.html").render({}), status=500)
