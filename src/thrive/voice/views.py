"""Voice pages: the overview, feedback records and imports, you said / we did."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string

from thrive.councils.decorators import council_view
from thrive.councils.permissions import can
from thrive.councils.roles import Action
from thrive.councils.scoping import council_object, council_queryset, current_council
from thrive.statutory.reading import neutralise_formula
from thrive.voice import selectors, services
from thrive.voice.forms import FeedbackForm, FeedbackImportForm, FeedbackLinksForm, YouSaidWeDidForm
from thrive.voice.importing import ImportFileError
from thrive.voice.models import SENTIMENT_ORDER, Audience, Feedback, YouSaidWeDid
from thrive.web import charts, palette

SENTIMENT_SERIES = [
    charts.Series(str(sentiment.label), palette.SENTIMENT_COLOURS[sentiment.value])
    for sentiment in SENTIMENT_ORDER
]


@council_view(Action.VIEW_AGGREGATE)
def overview(request: HttpRequest) -> HttpResponse:
    council = current_council(request)
    by_month = selectors.sentiment_by_month(council=council)
    by_source = selectors.sentiment_by_source(council=council)
    return render(
        request,
        "voice/overview.html",
        {
            "by_month": by_month,
            "by_source": by_source,
            "sentiments": SENTIMENT_ORDER,
            "month_chart": charts.stacked_bar_svg(
                chart_id="voice-month-chart",
                title="Feedback by month and sentiment",
                description="How many pieces of feedback were received each month, by sentiment.",
                categories=[row["key"] for row in by_month],
                series=SENTIMENT_SERIES,
                values=[row["counts"] for row in by_month],
            )
            if by_month
            else None,
            "source_chart": charts.stacked_bar_svg(
                chart_id="voice-source-chart",
                title="Feedback by who gave it and sentiment",
                description="Feedback from each group, by sentiment.",
                categories=[row["key"] for row in by_source],
                series=SENTIMENT_SERIES,
                values=[row["counts"] for row in by_source],
            )
            if by_source
            else None,
            "themes": selectors.feedback_theme_counts(council=council),
            "quotes": selectors.shareable_quotes(council=council),
            "can_manage": can(request.user, Action.MANAGE_AUDIT_TOOLS, council),
        },
    )


@council_view(Action.MANAGE_AUDIT_TOOLS)
def feedback_list(request: HttpRequest) -> HttpResponse:
    feedback = council_queryset(request, Feedback).prefetch_related("themes", "actions")[:500]
    return render(request, "voice/feedback_list.html", {"feedback": feedback})


@council_view(Action.MANAGE_AUDIT_TOOLS)
def feedback_create(request: HttpRequest) -> HttpResponse:
    council = current_council(request)
    form = FeedbackForm(request.POST or None, council=council)
    if request.method == "POST" and form.is_valid():
        try:
            services.feedback_create(council=council, created_by=request.user, **form.cleaned_data)
        except services.VoiceError as exc:
            form.add_error("attributed_role", str(exc))
        else:
            messages.success(request, "Feedback recorded.")
            return redirect("voice:feedback-list", council.la_number)
    return render(request, "voice/feedback_form.html", {"form": form})


@council_view(Action.MANAGE_AUDIT_TOOLS)
def feedback_detail(request: HttpRequest, pk: int) -> HttpResponse:
    council = current_council(request)
    feedback = council_object(request, Feedback, pk=pk)
    form = FeedbackLinksForm(request.POST or None, council=council, feedback=feedback)
    if request.method == "POST" and form.is_valid():
        services.feedback_links_set(
            feedback=feedback,
            themes=form.cleaned_data["themes"],
            actions=form.cleaned_data["actions"],
        )
        messages.success(request, "Links saved.")
        return redirect("voice:feedback-detail", council.la_number, feedback.pk)
    return render(
        request,
        "voice/feedback_detail.html",
        {"feedback": feedback, "form": form, "entries": feedback.you_said_we_did.all()},
    )


@council_view(Action.MANAGE_AUDIT_TOOLS)
def feedback_import(request: HttpRequest) -> HttpResponse:
    council = current_council(request)
    form = FeedbackImportForm(request.POST or None, request.FILES or None)
    row_errors: list[services.RowError] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["survey_file"]
        try:
            batch = services.feedback_import(
                council=council, filename=upload.name, data=upload.read(), imported_by=request.user
            )
        except ImportFileError as exc:
            form.add_error("survey_file", str(exc))
        except services.ImportRejected as exc:
            row_errors = exc.errors
            form.add_error(
                "survey_file",
                f"{exc}: fix them and upload the file again. Nothing has been imported.",
            )
        else:
            messages.success(
                request, f"{batch.row_count} pieces of feedback imported from {batch.filename}."
            )
            return redirect("voice:feedback-list", council.la_number)
    return render(
        request,
        "voice/feedback_import.html",
        {"form": form, "row_errors": row_errors[:500], "row_error_count": len(row_errors)},
    )


@council_view(Action.MANAGE_AUDIT_TOOLS)
def feedback_export(request: HttpRequest) -> HttpResponse:
    """All feedback as CSV. A quote is included only where the speaker agreed to be quoted."""
    council = current_council(request)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        [
            "date",
            "source",
            "channel",
            "summary",
            "quote",
            "role",
            "consent",
            "sentiment",
            "themes",
            "reference",
        ]
    )
    for item in (
        council_queryset(request, Feedback).prefetch_related("themes").order_by("received_on", "id")
    ):
        quote = item.shareable_quote
        writer.writerow(
            [
                item.received_on.isoformat(),
                item.get_source_type_display(),
                item.get_channel_display(),
                neutralise_formula(item.summary),
                neutralise_formula(quote),
                neutralise_formula(item.attributed_role if quote else ""),
                "yes" if item.consent_to_quote else "no",
                item.get_sentiment_display(),
                neutralise_formula("; ".join(theme.name for theme in item.themes.all())),
                neutralise_formula(item.reference),
            ]
        )
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="feedback-{council.la_number}.csv"'
    return response


@council_view(Action.VIEW_AGGREGATE)
def you_said_we_did_list(request: HttpRequest) -> HttpResponse:
    council = current_council(request)
    manage = can(request.user, Action.MANAGE_AUDIT_TOOLS, council)
    entries = selectors.you_said_we_did_list(council=council, published_only=not manage)
    return render(
        request,
        "voice/you_said_we_did_list.html",
        {"entries": entries, "can_manage": manage, "audiences": Audience},
    )


@council_view(Action.MANAGE_AUDIT_TOOLS)
def you_said_we_did_create(request: HttpRequest) -> HttpResponse:
    return _you_said_we_did_form(request, None)


@council_view(Action.MANAGE_AUDIT_TOOLS)
def you_said_we_did_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _you_said_we_did_form(request, council_object(request, YouSaidWeDid, pk=pk))


def _you_said_we_did_form(request: HttpRequest, entry: YouSaidWeDid | None) -> HttpResponse:
    council = current_council(request)
    initial: dict[str, Any] = {"version": 0}
    if entry is not None:
        initial = {
            "version": entry.version,
            "audience": entry.audience,
            "you_said": entry.you_said,
            "we_did": entry.we_did,
            "published": entry.published,
            "feedback": list(entry.feedback.all()),
            "actions": list(entry.actions.all()),
        }
    form = YouSaidWeDidForm(request.POST or None, council=council, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.you_said_we_did_save(
                council=council, entry=entry, created_by=request.user, **form.cleaned_data
            )
        except services.StaleEntryError as exc:
            # Keep what they typed; point the form at the current version and explain.
            current = YouSaidWeDid.objects.get(pk=entry.pk) if entry is not None else None
            data = request.POST.copy()
            data["version"] = str(current.version if current is not None else 0)
            form = YouSaidWeDidForm(data, council=council)
            form.is_valid()
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Saved.")
            return redirect("voice:you-said-we-did", council.la_number)
    return render(request, "voice/you_said_we_did_form.html", {"form": form, "entry": entry})


@council_view(Action.VIEW_AGGREGATE)
def you_said_we_did_page(request: HttpRequest, audience: str) -> HttpResponse:
    """The published page for children and young people, or for staff, to put on the council's
    website or intranet. `?download=1` gives it as a self-contained HTML file."""
    if audience not in {Audience.CHILDREN, Audience.STAFF}:
        raise Http404("No such audience")
    council = current_council(request)
    context = {
        "council": council,
        "audience": audience,
        "entries": selectors.you_said_we_did_list(
            council=council, published_only=True, audience=audience
        ),
        "quotes": selectors.shareable_quotes(council=council, audience=audience, limit=6),
    }
    if request.GET.get("download"):
        html = render_to_string("voice/you_said_we_did_standalone.html", context)
        response = HttpResponse(html, content_type="text/html; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="you-said-we-did-{audience}.html"'
        return response
    return render(request, "voice/you_said_we_did_page.html", context)
