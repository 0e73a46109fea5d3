"""Returns pages: versions, upload, progress, findings, downloads and version comparison."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from thrive.councils.access import access_log_record, child_level_view
from thrive.councils.decorators import council_view
from thrive.councils.models import AccessLogEntry
from thrive.councils.permissions import can
from thrive.councils.roles import Action
from thrive.councils.scoping import council_object, current_council
from thrive.returns.compare import submission_compare
from thrive.returns.exports import findings_csv, findings_xlsx
from thrive.returns.forms import CompareForm, FindingFilterForm, UploadForm
from thrive.returns.models import Submission, Upload
from thrive.returns.selectors import (
    current_submission_list,
    data_protection_summary,
    finding_list,
    upload_list,
)
from thrive.returns.services import IncomingFile, UploadError, upload_create
from thrive.returns.tasks import returns_process_upload

FINISHED = {
    Upload.Status.INGESTED,
    Upload.Status.UNCHANGED,
    Upload.Status.REJECTED,
    Upload.Status.FAILED,
}


@council_view(Action.VIEW_AGGREGATE)
def return_list(request: HttpRequest) -> HttpResponse:
    council = current_council(request)
    return render(
        request,
        "returns/return_list.html",
        {
            "current": current_submission_list(council=council).order_by(
                "return_type", "-collection_year"
            ),
            "uploads": upload_list(council=council)[:20],
            "can_upload": can(request.user, Action.UPLOAD_RETURNS, council),
        },
    )


@council_view(Action.UPLOAD_RETURNS)
def upload_create_view(request: HttpRequest) -> HttpResponse:
    council = current_council(request)
    form = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
    if request.method == "POST" and form.is_valid():
        files = [
            IncomingFile(name=item.name, stream=item.file, size=item.size)
            for item in form.cleaned_data["return_files"]
        ]
        try:
            upload = upload_create(council=council, user=request.user, files=files)  # type: ignore[arg-type]
        except UploadError as exc:
            form.add_error("return_files", str(exc))
        else:
            returns_process_upload.enqueue(
                upload.pk, form.cleaned_data["return_type"], *form.year_and_extract_date()
            )
            return redirect("returns:upload-detail", council.la_number, upload.pk)
    return render(request, "returns/upload_create.html", {"form": form})


@council_view(Action.UPLOAD_RETURNS)
def upload_status(request: HttpRequest, upload_id: int) -> JsonResponse:
    upload = council_object(request, Upload, pk=upload_id)
    return JsonResponse(
        {
            "status": upload.status,
            "label": upload.get_status_display(),
            "progress": upload.progress,
            "detail": upload.progress_detail,
            "finished": upload.status in FINISHED,
        }
    )


@council_view(Action.UPLOAD_RETURNS)
@child_level_view(what="Validation findings of an upload", purpose="Fixing return errors")
def upload_detail(request: HttpRequest, upload_id: int) -> tuple[HttpResponse, list[str]]:
    upload = council_object(request, Upload, pk=upload_id)
    form = FindingFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    findings = finding_list(upload=upload, **filters)
    page = Paginator(findings, 100).get_page(request.GET.get("page"))
    by_rule = (
        finding_list(upload=upload)
        .values("rule", "severity", "message")
        .annotate(count=Count("id"))
        .order_by("-count", "rule")[:50]
    )
    query = request.GET.copy()
    query.pop("page", None)
    response = render(
        request,
        "returns/upload_detail.html",
        {
            "upload": upload,
            "finished": upload.status in FINISHED,
            "submissions": upload.submissions.all(),
            "form": form,
            "page": page,
            "by_rule": by_rule,
            "query": query.urlencode(),
        },
    )
    return response, [finding.child for finding in page if finding.child]


@council_view(Action.UPLOAD_RETURNS)
def upload_findings_download(request: HttpRequest, upload_id: int, fmt: str) -> HttpResponse:
    council = current_council(request)
    if not can(request.user, Action.EXPORT_CHILD_LEVEL, council):
        raise PermissionDenied("Your role does not allow downloads of children's records.")
    upload = council_object(request, Upload, pk=upload_id)
    if fmt not in {"csv", "xlsx"}:
        raise Http404("Unknown format")
    findings = list(finding_list(upload=upload))
    access_log_record(
        request=request,
        council=council,
        kind=AccessLogEntry.Kind.DOWNLOAD,
        what=f"Validation findings of upload {upload.pk} ({fmt.upper()})",
        purpose="Fixing return errors",
        child_ids=[f.child for f in findings if f.child],
        object_ids=[upload.pk],
    )
    if fmt == "csv":
        response = HttpResponse(findings_csv(findings), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            findings_xlsx(findings),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = (
        f'attachment; filename="thrive-{council.la_number}-upload-{upload.pk}-findings.{fmt}"'
    )
    return response


@council_view(Action.UPLOAD_RETURNS)
@child_level_view(
    what="Comparison of two versions of a return (fixed and new findings)",
    purpose="Fixing return errors",
)
def submission_compare_view(request: HttpRequest) -> tuple[HttpResponse, list[str]]:
    council = current_council(request)
    form = CompareForm(request.GET or None)
    comparison = None
    if form.is_bound and form.is_valid():
        before = council_object(request, Submission, pk=form.cleaned_data["before"])
        after = council_object(request, Submission, pk=form.cleaned_data["after"])
        if (before.return_type, before.collection_year) != (
            after.return_type,
            after.collection_year,
        ):
            form.add_error("after", "Choose two versions of the same return and collection year")
        else:
            comparison = submission_compare(before=before, after=after)
    versions = Submission.objects.for_council(council).order_by(
        "return_type", "-collection_year", "-version"
    )
    response = render(
        request,
        "returns/submission_compare.html",
        {
            "form": form,
            "comparison": comparison,
            "versions": versions,
            "upload_url": reverse("returns:upload-create", args=[council.la_number]),
        },
    )
    if comparison is None:
        return response, []
    # The page lists the first 200 fixed and 200 new findings: log exactly those children.
    shown = comparison.fixed[:200] + comparison.appeared[:200]
    return response, [finding.child for finding in shown if finding.child]


@council_view(Action.VIEW_AGGREGATE)
def data_protection(request: HttpRequest) -> HttpResponse:
    """What Thrive stores about the council's children, where, for how long, who sees it."""
    council = current_council(request)
    return render(
        request,
        "returns/data_protection.html",
        {"summary": data_protection_summary(council=council)},
    )
