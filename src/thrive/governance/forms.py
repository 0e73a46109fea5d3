"""Forms for boards, meetings and their items."""

from __future__ import annotations

from typing import Any

from django import forms

from thrive.councils.models import Council
from thrive.governance.models import Attendance, BoardKind, MeetingStatus
from thrive.plans.forms import date_field
from thrive.plans.models import Owner, Priority
from thrive.web.forms import GovukForm


class BoardForm(GovukForm):
    name = forms.CharField(max_length=200, label="Name")
    kind = forms.ChoiceField(choices=BoardKind.choices, label="Type")
    purpose = forms.CharField(
        required=False, label="Purpose", widget=forms.Textarea(attrs={"rows": 3})
    )
    meets = forms.CharField(max_length=120, required=False, label="How often it meets")


class MemberForm(GovukForm):
    name = forms.CharField(max_length=120, label="Name")
    organisation = forms.CharField(max_length=120, label="Organisation")
    role_on_board = forms.CharField(
        max_length=120, required=False, label="Role", help_text="For example, independent chair"
    )


class MeetingForm(GovukForm):
    date = date_field("Date")
    location = forms.CharField(max_length=200, required=False, label="Where")
    status = forms.ChoiceField(choices=MeetingStatus.choices, label="Status")
    minutes = forms.CharField(
        required=False, label="Minutes", widget=forms.Textarea(attrs={"rows": 5})
    )


class AgendaForm(GovukForm):
    title = forms.CharField(max_length=300, label="Agenda item")
    presenter = forms.CharField(max_length=120, required=False, label="Presented by")


class AttendanceForm(GovukForm):
    name = forms.CharField(max_length=120, label="Name")
    organisation = forms.CharField(max_length=120, required=False, label="Organisation")
    kind = forms.ChoiceField(
        choices=Attendance.Kind.choices, label="Attendance", widget=forms.RadioSelect
    )


class PaperForm(GovukForm):
    title = forms.CharField(max_length=300, label="Title")
    link = forms.URLField(assume_scheme="https", required=False, label="Link to the paper")
    file = forms.FileField(
        required=False, label="Or upload it", help_text="PDF or Word, up to 10 MB"
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        upload = cleaned.get("file")
        if upload is not None:
            if upload.size > 10 * 1024 * 1024:
                self.add_error("file", "The file must be smaller than 10 MB")
            elif not upload.name.lower().endswith((".pdf", ".docx", ".doc", ".pptx", ".xlsx")):
                self.add_error("file", "The file must be a PDF, Word, PowerPoint or Excel file")
        if not cleaned.get("link") and upload is None and not self.errors:
            self.add_error("link", "Upload the paper or give a link to it")
        return cleaned


class DecisionForm(GovukForm):
    text = forms.CharField(label="Decision", widget=forms.Textarea(attrs={"rows": 3}))


class LogActionForm(GovukForm):
    text = forms.CharField(label="Action", widget=forms.Textarea(attrs={"rows": 3}))
    owner_name = forms.CharField(max_length=120, label="Owner")
    due_date = date_field("Due date", required=False)


class PromoteForm(GovukForm):
    priority: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=None, label="Plan priority", empty_label=None
    )
    owner: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=None, required=False, label="Plan owner", empty_label="To be agreed"
    )
    start_date = date_field("Start date", required=False)
    due_date = date_field("Due date", required=False, hint="Leave blank to use the log's date")

    def __init__(self, *args: Any, council: Council, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        priority: Any = self.fields["priority"]
        priority.queryset = Priority.objects.for_council(council).filter(plan__status="active")
        owner: Any = self.fields["owner"]
        owner.queryset = Owner.objects.for_council(council)


ITEM_FORMS: dict[str, tuple[type[GovukForm], str]] = {
    "agenda": (AgendaForm, "Add an agenda item"),
    "attendance": (AttendanceForm, "Record attendance"),
    "paper": (PaperForm, "Add a paper"),
    "decision": (DecisionForm, "Record a decision"),
    "log": (LogActionForm, "Add to the action log"),
}
