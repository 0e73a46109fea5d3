"""Forms for the plan pages (GOV.UK rendering from thrive.web.forms)."""

from __future__ import annotations

from typing import Any

from django import forms

from thrive.councils.models import Council, Membership
from thrive.plans.models import ActionStatus, Owner, Priority, SourceType
from thrive.web.forms import GovukForm


def unknown_measure_ids(ids: list[str]) -> list[str]:
    """Ids that are not in the measure registry (thrive.metrics)."""
    from thrive.metrics.registry import measures

    known = {measure.id for measure in measures()}
    return [measure_id for measure_id in ids if measure_id not in known]


DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"]


def date_field(label: str, *, required: bool = True, hint: str = "For example, 27/3/2026") -> Any:
    return forms.DateField(
        label=label,
        required=required,
        help_text=hint,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"class": "govuk-input--width-10"}),
        error_messages={"invalid": f"{label} must be a real date, like 27/3/2026"},
    )


RAG_RADIOS = [("red", "Red"), ("amber", "Amber"), ("green", "Green")]


class PlanForm(GovukForm):
    title = forms.CharField(max_length=200, label="Plan title")
    description = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), label="Summary"
    )
    start_date = date_field("Start date", required=False)


class PriorityForm(GovukForm):
    title = forms.CharField(max_length=200, label="Priority")
    description = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), label="What it means"
    )


class OwnerForm(GovukForm):
    name = forms.CharField(max_length=120, label="Name")
    organisation = forms.CharField(
        max_length=120,
        label="Organisation",
        help_text="For example, the council, police, the integrated care board, a school",
    )
    job_title = forms.CharField(max_length=120, label="Job title", required=False)
    email = forms.EmailField(label="Email address", required=False)
    user: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label="Thrive account",
        help_text="Link an account so this person can update the actions they own",
    )

    def __init__(self, *args: Any, council: Council, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from django.contrib.auth import get_user_model

        member_ids = Membership.objects.filter(council=council).values("user_id")
        field: Any = self.fields["user"]
        field.queryset = get_user_model().objects.filter(pk__in=member_ids).order_by("username")


class ActionForm(GovukForm):
    priority: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=None, label="Priority", empty_label=None
    )
    ref = forms.CharField(
        max_length=20,
        required=False,
        label="Reference",
        help_text="Leave blank to number it within the priority, for example 2.4",
    )
    title = forms.CharField(max_length=500, label="Action", widget=forms.Textarea({"rows": 3}))
    description = forms.CharField(
        required=False, label="Detail", widget=forms.Textarea(attrs={"rows": 3})
    )
    success_measure = forms.CharField(
        required=False,
        label="What will be different for children",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    owner: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=None, required=False, label="Owner", empty_label="To be agreed"
    )
    start_date = date_field("Start date")
    due_date = date_field("Due date")
    measure_ids = forms.CharField(
        required=False,
        label="Linked measures",
        help_text="Measure ids separated by commas, for example cla_rate, caseload_avg",
    )
    source_type = forms.ChoiceField(
        required=False, label="Where the action comes from", choices=[("", "Not recorded")]
    )
    source_text = forms.CharField(
        required=False,
        label="The source's words",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Verbatim, for example the recommendation or the board decision",
    )

    def __init__(self, *args: Any, council: Council, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        priority: Any = self.fields["priority"]
        priority.queryset = Priority.objects.for_council(council).select_related("plan")
        owner: Any = self.fields["owner"]
        owner.queryset = Owner.objects.for_council(council).order_by("name")
        source: Any = self.fields["source_type"]
        source.choices = [("", "Not recorded"), *SourceType.choices]

    def clean_measure_ids(self) -> list[str]:
        raw = self.cleaned_data.get("measure_ids") or ""
        ids = [part.strip() for part in raw.replace("\n", ",").split(",") if part.strip()]
        unknown = unknown_measure_ids(ids)
        if unknown:
            verb = "is not a measure id" if len(unknown) == 1 else "are not measure ids"
            raise forms.ValidationError(
                f"{', '.join(unknown)} {verb}; use ids from the measures list, "
                "for example cla_rate or caseload_avg"
            )
        return ids

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, due = cleaned.get("start_date"), cleaned.get("due_date")
        if start and due and due < start:
            self.add_error("due_date", "The due date must be the same as or after the start date")
        return cleaned


class ActionEditForm(ActionForm):
    status = forms.ChoiceField(choices=ActionStatus.choices, label="Status")
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["ref"]
        del self.fields["source_type"]
        del self.fields["source_text"]
        self.fields[
            "due_date"
        ].help_text = (
            "To move a due date after work has started, use ‘Revise due date’ and give a reason"
        )


class ReviseForm(GovukForm):
    new_due_date = date_field("New due date")
    reason = forms.CharField(
        max_length=500,
        label="Reason for the change",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The board sees this reason next to the revised date",
        error_messages={"required": "Enter the reason the due date is changing"},
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class OverrideForm(GovukForm):
    kind = forms.ChoiceField(
        label="Which RAG",
        widget=forms.RadioSelect,
        choices=[("delivery", "Delivery (on track?)"), ("impact", "Impact (making a difference?)")],
        error_messages={"required": "Choose delivery or impact"},
    )
    rag = forms.ChoiceField(
        label="Set it to",
        widget=forms.RadioSelect,
        choices=[*RAG_RADIOS, ("", "Remove the override and use the computed RAG")],
        required=False,
    )
    reason = forms.CharField(
        max_length=500,
        label="Reason",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the reason you are setting the RAG by hand"},
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class ProgressForm(GovukForm):
    update_date = date_field("Date of update")
    text = forms.CharField(
        label="What has happened",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter what has happened since the last update"},
    )
    status_after = forms.ChoiceField(choices=ActionStatus.choices, label="Status after this update")
    link_title = forms.CharField(max_length=200, required=False, label="Evidence link title")
    link = forms.URLField(
        assume_scheme="https",
        required=False,
        label="Evidence link",
        help_text="For example, a board paper or report",
    )
    file = forms.FileField(
        required=False, label="Evidence file", help_text="PDF, Word, Excel or image, up to 10 MB"
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    MAX_BYTES = 10 * 1024 * 1024
    ALLOWED = (".pdf", ".docx", ".doc", ".xlsx", ".xls", ".pptx", ".png", ".jpg", ".jpeg", ".txt")

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if upload is None:
            return None
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError("The file must be smaller than 10 MB")
        if not upload.name.lower().endswith(self.ALLOWED):
            raise forms.ValidationError(
                "The file must be a PDF, Word, Excel, PowerPoint, image or text file"
            )
        return upload


class MilestoneForm(GovukForm):
    title = forms.CharField(max_length=300, label="Milestone")
    due_date = date_field("Due date")


class FilterForm(GovukForm):
    priority = forms.ChoiceField(required=False, label="Priority")
    owner = forms.ChoiceField(required=False, label="Owner")
    delivery = forms.ChoiceField(
        required=False,
        label="Delivery RAG",
        choices=[("any", "Any"), *RAG_RADIOS, ("", "Not yet known")],
    )
    impact = forms.ChoiceField(
        required=False,
        label="Impact RAG",
        choices=[("any", "Any"), *RAG_RADIOS, ("", "Not yet known")],
    )
    exception = forms.ChoiceField(
        required=False,
        label="Exceptions",
        choices=[
            ("", "All actions"),
            ("overdue", "Overdue"),
            ("red_delivery", "Red for delivery"),
            ("red_impact", "Red for impact"),
        ],
    )

    def __init__(self, *args: Any, council: Council, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        priority: Any = self.fields["priority"]
        priority.choices = [("", "All priorities")] + [
            (str(p.pk), f"{p.number}. {p.title}")
            for p in Priority.objects.for_council(council).filter(plan__status="active")
        ]
        owner: Any = self.fields["owner"]
        owner.choices = [("", "All owners")] + [
            (str(o.pk), str(o)) for o in Owner.objects.for_council(council)
        ]


class ImportForm(GovukForm):
    file = forms.FileField(label="Plan spreadsheet (.xlsx)")
    dry_run = forms.BooleanField(
        required=False, label="Check the file only; do not change the plan"
    )

    def clean_file(self) -> Any:
        """Refuse an oversized file before it is read (the import checks again)."""
        from thrive.plans.sheet import MAX_BYTES, TOO_LARGE

        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(TOO_LARGE.format(limit=f"{MAX_BYTES / 1024 / 1024:g}"))
        return upload
