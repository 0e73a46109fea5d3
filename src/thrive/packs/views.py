"""Pack pages: the list, a new draft, a pack on screen with commentary, issue, download, and
the children behind a pack's figures (on screen only, for roles that may see children)."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from thrive.councils.access import child_level_view
from thrive.councils.decorators import council_view
from thrive.councils.permissions import can
from thrive.councils.roles import Action
from thrive.councils.scoping import current_council
from thrive.packs import selectors, services
from thrive.packs.forms import PackForm
from thrive.packs.kinds import pack_type
from thrive.packs.models import Pack
from thrive.packs.render import pack_context, pack_html


def _pack(request: HttpRequest, pk: int) -> Pack:
    found = selectors.pack_list(council=current_council(request), user=request.user)
    pack = found.filter(pk=pk).first()
    if pack is None:
        raise Http404("No such pack")
    return pack


@council_view(Action.VIEW_PLAN)
def pack_list(request: HttpRequest) -> HttpResponse:
    council = current_council(request)
    return render(
        request,
        "packs/pack_list.html",
        {
            "packs": selectors.pack_list(council=council, user=request.user),
            "can_author": can(request.user, Action.AUTHOR_PACKS, council),
        },
    )


@council_view(Action.AUTHOR_PACKS)
def pack_create(request: HttpRequest) -> HttpResponse:
    council = current_council(request)
    form = (
        PackForm(request.POST, council=council)
        if request.method == "POST"
        else PackForm(initial={"as_at": timezone.localdate().strftime("%d/%m/%Y")}, council=council)
    )
    if request.method == "POST" and form.is_valid():
        pack = services.pack_create(
            council=council,
            as_at=form.cleaned_data["as_at"],
            user=request.user,
            kind=form.cleaned_data["kind"],
            priority=form.cleaned_data["priority"],
        )
        messages.success(request, f"Draft started: {pack.title}, version {pack.version}.")
        return redirect("packs:pack-detail", council.la_number, pack.pk)
    return render(request, "packs/pack_create.html", {"form": form})


@council_view(Action.VIEW_PLAN)
def pack_detail(request: HttpRequest, pk: int) -> HttpResponse:
    council = current_council(request)
    pack = _pack(request, pk)
    context = pack_context(
        pack=pack,
        content=services.pack_live_content(pack),
        commentary=services.pack_commentary(pack),
    )
    author = can(request.user, Action.AUTHOR_PACKS, council)
    children = pack_type(pack.kind).children is not None and can(
        request.user, Action.VIEW_CHILD_LEVEL, council
    )
    return render(
        request,
        "packs/pack_detail.html",
        {
            **context,
            "editable": author and not pack.is_issued,
            "can_author": author,
            "can_see_children": children,
        },
    )


@council_view(Action.VIEW_PLAN)
@child_level_view(what="Children behind a pack's figures", purpose="Reports and packs")
def pack_children(request: HttpRequest, pk: int) -> tuple[HttpResponse, Iterable[str]]:
    pack = _pack(request, pk)
    lister = pack_type(pack.kind).children
    if lister is None:
        raise Http404("This pack has no list of children")
    rows = lister(council=pack.council, priority=pack.priority, as_at=pack.as_at)
    response = render(request, "packs/pack_children.html", {"pack": pack, "rows": rows})
    return response, [row["child_id"] for row in rows]


@council_view(Action.AUTHOR_PACKS)
@require_POST
def pack_commentary(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    pack = _pack(request, pk)
    try:
        revision = int(request.POST.get("revision", "0"))
        services.pack_commentary_set(
            pack=pack, key=key, text=request.POST.get("commentary", ""), revision=revision
        )
        messages.success(request, "Commentary saved.")
    except (ValueError, services.PackError) as error:
        messages.error(
            request, str(error) if isinstance(error, services.PackError) else services.STALE
        )
    detail = reverse("packs:pack-detail", args=[current_council(request).la_number, pack.pk])
    return redirect(f"{detail}#section-{key}")


@council_view(Action.AUTHOR_PACKS)
@require_POST
def pack_issue(request: HttpRequest, pk: int) -> HttpResponse:
    council = current_council(request)
    pack = _pack(request, pk)
    try:
        revision = int(request.POST.get("revision", "0"))
        pack = services.pack_issue(pack=pack, user=request.user, revision=revision)
        messages.success(request, f"Issued. The figures and the PDF are now fixed ({pack.title}).")
    except (ValueError, services.PackError) as error:
        messages.error(
            request, str(error) if isinstance(error, services.PackError) else services.STALE
        )
    return redirect("packs:pack-detail", council.la_number, pack.pk)


@council_view(Action.VIEW_PLAN)
def pack_download(request: HttpRequest, pk: int, file_format: str) -> HttpResponse:
    pack = _pack(request, pk)
    name = f"{pack.council.la_number}-{pack.kind}-{pack.as_at:%Y-%m}-v{pack.version}"
    if file_format == "pdf":
        try:
            body = services.pack_pdf_bytes(pack)
        except services.PackError as error:
            raise Http404(str(error)) from error
        response = HttpResponse(body, content_type="application/pdf")
    else:
        context = pack_context(
            pack=pack,
            content=services.pack_live_content(pack),
            commentary=services.pack_commentary(pack),
        )
        response = HttpResponse(pack_html(context), content_type="text/html; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.{file_format}"'
    return response
