"""People pages for a council's administrators: list, invite, change role, remove, re-issue
enrolment. Thin: reads through `accounts.selectors`, writes through `accounts.people`."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from thrive.accounts import people, selectors
from thrive.accounts.enrolment import IssuedLink, link_hours
from thrive.accounts.forms import PersonChangeForm, PersonConfirmForm, PersonInviteForm
from thrive.councils.decorators import council_view
from thrive.councils.roles import Action
from thrive.councils.scoping import current_council
from thrive.web import tables


def _person(request: HttpRequest, pk: int) -> selectors.PersonRow:
    row = selectors.person_in(current_council(request), pk)
    if row is None:
        raise Http404("No such person in this council")
    return row


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _issued(request: HttpRequest, row_name: str, issued: IssuedLink, what: str) -> HttpResponse:
    """The link, shown this once (a POST response, never a URL), in case the email is lost."""
    return render(
        request,
        "people/link_issued.html",
        {"name": row_name, "issued": issued, "what": what, "hours": link_hours()},
    )


@council_view(Action.MANAGE_MEMBERS)
def people_list(request: HttpRequest) -> HttpResponse:
    council = current_council(request)
    rows = selectors.people_in(council)
    table = tables.DataTable(
        id="people",
        caption=f"People in {council.name}",
        columns=[
            tables.Column("name", "Name"),
            tables.Column("username", "Username"),
            tables.Column("role", "Role"),
            tables.Column("job_title", "Job title"),
            tables.Column("status", "Status"),
            tables.Column("last_sign_in", "Last signed in"),
        ],
        rows=[
            {
                "name": row.name,
                "username": row.user.username,
                "role": row.membership.get_role_display(),
                "job_title": row.membership.job_title,
                "status": row.status,
                "last_sign_in": (
                    f"{row.user.last_login:%Y-%m-%d %H:%M}" if row.user.last_login else "Never"
                ),
            }
            for row in rows
        ],
        links={
            "name": [
                reverse("people:detail", args=[council.la_number, row.user.pk]) for row in rows
            ]
        },
    )
    download = tables.table_download(request, table)
    if download is not None:
        return download
    return render(
        request, "people/list.html", {"table": tables.table_view(request, table), "rows": rows}
    )


@never_cache
@council_view(Action.MANAGE_MEMBERS)
def person_invite(request: HttpRequest) -> HttpResponse:
    council = current_council(request)
    form = PersonInviteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            issued = people.person_invite(
                council=council,
                by=request.user,
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
                role=data["role"],
                job_title=data["job_title"],
                base_url=_base_url(request),
            )
        except people.PeopleError as error:
            form.add_error("email", str(error))
        else:
            return _issued(request, str(issued.link.user), issued, "invitation")
    return render(request, "people/invite.html", {"form": form})


@council_view(Action.MANAGE_MEMBERS)
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    row = _person(request, pk)
    return render(
        request,
        "people/detail.html",
        {"row": row, "is_me": row.user.pk == request.user.pk, "hours": link_hours()},
    )


def _current(row: selectors.PersonRow) -> dict[str, object]:
    return {
        "role": row.membership.role,
        "job_title": row.membership.job_title,
        "team": row.membership.team,
        "version": row.user.version,
    }


@never_cache
@council_view(Action.MANAGE_MEMBERS)
def person_change(request: HttpRequest, pk: int) -> HttpResponse:
    council = current_council(request)
    row = _person(request, pk)
    form = PersonChangeForm(
        request.POST if request.method == "POST" else None, initial=_current(row)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            people.person_change(
                council=council,
                person=row.user,
                by=request.user,
                role=data["role"],
                job_title=data["job_title"],
                team=data["team"],
                expected_version=data["version"],
            )
        except people.StaleEditError as error:
            row = _person(request, pk)
            form = PersonChangeForm(_current(row))
            form.is_valid()
            form.add_error(None, str(error))
            return render(request, "people/change.html", {"row": row, "form": form}, status=409)
        except people.PeopleError as error:
            form.add_error("role", str(error))
        else:
            messages.success(request, f"{row.name}'s details have been changed.")
            return redirect("people:detail", council.la_number, row.user.pk)
    return render(request, "people/change.html", {"row": row, "form": form})


def _confirm(request: HttpRequest, pk: int) -> tuple[selectors.PersonRow, PersonConfirmForm | None]:
    """The person and, on a valid POST, the confirmation form (else None: show the page)."""
    row = _person(request, pk)
    if request.method != "POST":
        return row, None
    form = PersonConfirmForm(request.POST)
    return row, form if form.is_valid() else None


@never_cache
@council_view(Action.MANAGE_MEMBERS)
def person_remove(request: HttpRequest, pk: int) -> HttpResponse:
    council = current_council(request)
    row, form = _confirm(request, pk)
    error = ""
    if form is not None:
        try:
            deactivated = people.person_remove(
                council=council,
                person=row.user,
                by=request.user,
                expected_version=form.cleaned_data["version"],
            )
        except people.PeopleError as exc:
            error = str(exc)
            row = _person(request, pk)
        else:
            done = " and their account deactivated" if deactivated else ""
            messages.success(request, f"{row.name} has been removed from {council.name}{done}.")
            return redirect("people:list", council.la_number)
    return render(
        request,
        "people/remove.html",
        {"row": row, "error": error, "is_me": row.user.pk == request.user.pk},
        status=409 if error else 200,
    )


@never_cache
@council_view(Action.MANAGE_MEMBERS)
def person_reset(request: HttpRequest, pk: int) -> HttpResponse:
    council = current_council(request)
    row, form = _confirm(request, pk)
    error = ""
    if form is not None:
        try:
            issued = people.person_reset(
                council=council,
                person=row.user,
                by=request.user,
                expected_version=form.cleaned_data["version"],
                base_url=_base_url(request),
            )
        except people.PeopleError as exc:
            error = str(exc)
            row = _person(request, pk)
        else:
            return _issued(request, row.name, issued, "set-up link")
    return render(
        request,
        "people/reset.html",
        {"row": row, "error": error, "hours": link_hours()},
        status=409 if error else 200,
    )
