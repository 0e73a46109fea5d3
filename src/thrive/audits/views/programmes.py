"""Audit programmes: sampling cases, adding and reassigning audits, findings."""

from __future__ import annotations

import hashlib
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from thrive.audits import selectors, services
from thrive.audits.candidates import annex_a_candidates
from thrive.audits.forms import (
    ManualAuditForm,
    ProgrammeForm,
    ReassignForm,
    SampleForm,
)
from thrive.audits.models import (
    GRADE_ORDER,
    Audit,
    AuditProgramme,
    AuditTool,
)
from thrive.audits.sampling import RULES, SamplingError, read_case_list
from thrive.audits.views.common import _auditors
from thrive.councils.access import child_level_view
from thrive.councils.decorators import council_view
from thrive.councils.roles import Action
from thrive.councils.scoping import council_object, council_queryset, current_council


@council_view(Action.MANAGE_AUDIT_TOOLS)
def programme_create(request: HttpRequest) -> HttpResponse:
    council = current_council(request)
    form = ProgrammeForm(
        request.POST or None, council=council, tools=council_queryset(request, AuditTool)
    )
    if request.method == "POST" and form.is_valid():
        try:
            programme = services.audit_programme_create(
                council=council, created_by=request.user, **form.cleaned_data
            )
        except services.AuditError as exc:
            form.add_error("tool", str(exc))
        else:
            messages.success(request, f"Programme “{programme.name}” created. Draw its sample.")
            return redirect("audits:programme-detail", council.la_number, programme.pk)
    return render(request, "audits/programme_form.html", {"form": form})


@council_view(Action.MANAGE_AUDIT_TOOLS)
@child_level_view(what="Audit programme case list", purpose="Quality assurance")
def programme_detail(request: HttpRequest, pk: int) -> tuple[HttpResponse, list[str]]:
    programme = council_object(request, AuditProgramme, pk=pk)
    audits = list(
        programme.audits.select_related("auditor", "moderation", "tool_version").order_by("id")
    )
    grade_counts = [
        sum(1 for audit in audits if audit.submitted_at and audit.final_grade == grade.value)
        for grade in GRADE_ORDER
    ]
    response = render(
        request,
        "audits/programme_detail.html",
        {
            "programme": programme,
            "audits": audits,
            "grade_rows": [
                {
                    "key": "Final grades",
                    "counts": grade_counts,
                    "total": sum(grade_counts),
                    "good_percent": round(100 * sum(grade_counts[:2]) / sum(grade_counts))
                    if sum(grade_counts)
                    else 0,
                }
            ],
            "grades": GRADE_ORDER,
            "samples": programme.samples.all(),
            "moderation": selectors.moderation_summary(
                council=current_council(request), programme=programme
            ),
            "rules": RULES,
        },
    )
    return response, [audit.child_id for audit in audits]


@council_view(Action.MANAGE_AUDIT_TOOLS)
def sample_create(request: HttpRequest, pk: int) -> HttpResponse:
    council = current_council(request)
    programme = council_object(request, AuditProgramme, pk=pk)
    form = SampleForm(request.POST or None, request.FILES or None, auditors=_auditors(request))
    row_errors: list[Any] = []
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["source"] == "csv":
                upload = form.cleaned_data["case_file"]
                data = upload.read()
                cases, row_errors = read_case_list(data)
                source, sha256 = (
                    f"Uploaded case list {upload.name}",
                    hashlib.sha256(data).hexdigest(),
                )
            else:
                cases, source, sha256 = annex_a_candidates(
                    council=council, table=form.cleaned_data["source"]
                )
            if row_errors:
                form.add_error(
                    "case_file",
                    f"The file has {len(row_errors)} problem{'s' if len(row_errors) != 1 else ''}: "
                    "fix them and upload it again. Nothing has been saved.",
                )
            else:
                sample = services.audit_sample_draw(
                    programme=programme,
                    cases=cases,
                    source=source,
                    source_sha256=sha256,
                    method=form.cleaned_data["method"],
                    size=form.cleaned_data["size"],
                    seed=form.cleaned_data["seed"],
                    rule=form.cleaned_data["rule"],
                    rule_parameter=form.cleaned_data["rule_parameter"],
                    as_of=form.cleaned_data["as_of"] or timezone.localdate(),
                    auditors=list(form.cleaned_data["auditors"]),
                    drawn_by=request.user,
                )
                messages.success(
                    request,
                    f"{sample.size} cases drawn (seed {sample.seed}) and shared between "
                    f"{len(form.cleaned_data['auditors'])} auditors.",
                )
                return redirect("audits:programme-detail", council.la_number, programme.pk)
        except (SamplingError, services.AuditError) as exc:
            if isinstance(exc, SamplingError):
                from_file = form.cleaned_data["source"] == "csv"
                form.add_error("case_file" if from_file else "source", str(exc))
            else:
                form.add_error("auditors", str(exc))
    return render(
        request,
        "audits/sample_form.html",
        {
            "form": form,
            "programme": programme,
            "row_errors": row_errors[:200],
            "row_error_count": len(row_errors),
        },
    )


@council_view(Action.MANAGE_AUDIT_TOOLS)
def audit_add(request: HttpRequest, pk: int) -> HttpResponse:
    council = current_council(request)
    programme = council_object(request, AuditProgramme, pk=pk)
    form = ManualAuditForm(request.POST or None, auditors=_auditors(request))
    if request.method == "POST" and form.is_valid():
        try:
            audit = services.audit_add_manual(programme=programme, **form.cleaned_data)
        except services.AuditError as exc:
            form.add_error("child_id", str(exc))
        else:
            messages.success(request, f"Case {audit.child_id} added to the programme.")
            return redirect("audits:programme-detail", council.la_number, programme.pk)
    return render(request, "audits/audit_add.html", {"form": form, "programme": programme})


@council_view(Action.MANAGE_AUDIT_TOOLS)
@child_level_view(what="Case audit reassignment", purpose="Quality assurance")
def audit_reassign(request: HttpRequest, pk: int) -> tuple[HttpResponse, list[str]]:
    council = current_council(request)
    audit = council_object(request, Audit, pk=pk)
    form = ReassignForm(request.POST or None, auditors=_auditors(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.audit_reassign(audit=audit, auditor=form.cleaned_data["auditor"])
        except services.AuditError as exc:
            form.add_error("auditor", str(exc))
        else:
            messages.success(request, f"The audit of case {audit.child_id} has a new auditor.")
            return redirect("audits:programme-detail", council.la_number, audit.programme_id), [
                audit.child_id
            ]
    response = render(request, "audits/audit_reassign.html", {"audit": audit, "form": form})
    return response, [audit.child_id]


@council_view(Action.MANAGE_AUDIT_TOOLS)
@require_POST
def programme_findings(request: HttpRequest, pk: int) -> HttpResponse:
    programme = council_object(request, AuditProgramme, pk=pk)
    raw_version = request.POST.get("findings_version", "")
    try:
        services.programme_findings_set(
            programme=programme,
            findings=request.POST.get("findings", ""),
            expected_version=int(raw_version) if raw_version.isdigit() else None,
        )
    except services.AuditError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Findings saved.")
    return redirect("audits:programme-detail", current_council(request).la_number, programme.pk)
