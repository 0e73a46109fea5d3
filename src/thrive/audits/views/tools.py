"""Audit tools: versioned question sets with sections and questions."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from thrive.audits import services
from thrive.audits.forms import (
    QuestionEditForm,
    QuestionForm,
    SectionForm,
    ToolForm,
)
from thrive.audits.models import (
    AuditQuestion,
    AuditSection,
    AuditTool,
)
from thrive.councils.decorators import council_view
from thrive.councils.roles import Action
from thrive.councils.scoping import council_object, council_queryset, current_council


@council_view(Action.MANAGE_AUDIT_TOOLS)
def tool_list(request: HttpRequest) -> HttpResponse:
    tools = council_queryset(request, AuditTool).prefetch_related("versions")
    return render(request, "audits/tool_list.html", {"tools": tools})


@council_view(Action.MANAGE_AUDIT_TOOLS)
def tool_create(request: HttpRequest) -> HttpResponse:
    form = ToolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        tool = services.audit_tool_create(
            council=current_council(request),
            name=form.cleaned_data["name"],
            description=form.cleaned_data["description"],
            created_by=request.user,
        )
        messages.success(request, f"Audit tool “{tool.name}” created. Add its first section.")
        return redirect("audits:tool-detail", current_council(request).la_number, tool.pk)
    return render(request, "audits/tool_form.html", {"form": form})


@council_view(Action.MANAGE_AUDIT_TOOLS)
def tool_detail(request: HttpRequest, pk: int) -> HttpResponse:
    tool = council_object(request, AuditTool, pk=pk)
    versions = list(tool.versions.order_by("-number"))
    current = versions[0]
    shown = current
    if request.GET.get("version", "").isdigit():
        shown = next((v for v in versions if v.number == int(request.GET["version"])), current)
    sections = shown.sections.prefetch_related("questions__themes")
    return render(
        request,
        "audits/tool_detail.html",
        {
            "tool": tool,
            "versions": versions,
            "shown": shown,
            "current": current,
            "sections": sections,
            "editable": shown.pk == current.pk,
        },
    )


@council_view(Action.MANAGE_AUDIT_TOOLS)
def section_create(request: HttpRequest, pk: int) -> HttpResponse:
    tool = council_object(request, AuditTool, pk=pk)
    form = SectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        section = services.audit_section_create(
            tool=tool,
            title=form.cleaned_data["title"],
            guidance=form.cleaned_data["guidance"],
            user=request.user,
        )
        _version_message(request, tool, section.version.number)
        return redirect("audits:tool-detail", current_council(request).la_number, tool.pk)
    return render(request, "audits/section_form.html", {"form": form, "tool": tool})


def _version_message(request: HttpRequest, tool: AuditTool, number: int) -> None:
    if number > 1 and tool.versions.count() == number and tool.current_version.number == number:
        messages.success(
            request,
            f"Saved in version {number}. Audits that used earlier versions keep the questions they "
            "were answered against.",
        )
    else:
        messages.success(request, "Saved.")


@council_view(Action.MANAGE_AUDIT_TOOLS)
def question_create(request: HttpRequest, pk: int, section_pk: int) -> HttpResponse:
    tool = council_object(request, AuditTool, pk=pk)
    section = council_object(request, AuditSection, pk=section_pk, version__tool=tool)
    if section.version_id != tool.current_version.pk:
        raise Http404("Only the current version can be edited")
    form = QuestionForm(
        request.POST or None, council=current_council(request), initial={"mandatory": True}
    )
    if request.method == "POST" and form.is_valid():
        question = services.audit_question_create(
            section=section,
            text=form.cleaned_data["text"],
            kind=form.cleaned_data["kind"],
            guidance=form.cleaned_data["guidance"],
            mandatory=form.cleaned_data["mandatory"],
            themes=form.cleaned_data["themes"],
            user=request.user,
        )
        _version_message(request, tool, question.section.version.number)
        return redirect("audits:tool-detail", current_council(request).la_number, tool.pk)
    return render(
        request, "audits/question_form.html", {"form": form, "tool": tool, "section": section}
    )


@council_view(Action.MANAGE_AUDIT_TOOLS)
def question_edit(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    tool = council_object(request, AuditTool, pk=pk)
    question = council_object(request, AuditQuestion, pk=question_pk, section__version__tool=tool)
    if question.section.version_id != tool.current_version.pk:
        raise Http404("Only the current version can be edited")
    form = QuestionEditForm(
        request.POST or None,
        council=current_council(request),
        initial={
            "version": question.version,
            "text": question.text,
            "kind": question.kind,
            "guidance": question.guidance,
            "mandatory": question.mandatory,
            "themes": list(question.themes.all()),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            updated = services.audit_question_update(
                question=question,
                text=form.cleaned_data["text"],
                kind=form.cleaned_data["kind"],
                guidance=form.cleaned_data["guidance"],
                mandatory=form.cleaned_data["mandatory"],
                themes=form.cleaned_data["themes"],
                user=request.user,
                expected_version=form.cleaned_data["version"],
            )
        except services.StaleQuestionError as exc:
            # Keep what they typed; point the form at the current version and explain.
            question.refresh_from_db()
            data = request.POST.copy()
            data["version"] = str(question.version)
            form = QuestionEditForm(data, council=current_council(request))
            form.is_valid()
            form.add_error(None, str(exc))
        else:
            _version_message(request, tool, updated.section.version.number)
            return redirect("audits:tool-detail", current_council(request).la_number, tool.pk)
    return render(
        request,
        "audits/question_form.html",
        {"form": form, "tool": tool, "section": question.section, "question": question},
    )
