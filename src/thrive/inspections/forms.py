"""Forms for inspections, recommendations and clocks."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils import timezone

from thrive.inspections.frameworks import FRAMEWORKS, GRADES_4, ILACS_2023
from thrive.inspections.models import InspectionKind, RecommendationKind
from thrive.plans.forms import date_field
from thrive.web.forms import GovukForm

GRADE_CHOICES = [("", "Not judged"), *GRADES_4]


class InspectionForm(GovukForm):
    kind = forms.ChoiceField(label="Type", choices=InspectionKind.choices)
    framework = forms.ChoiceField(
        label="Framework",
        choices=[(code, f.name) for code, f in FRAMEWORKS.items()],
        initial=ILACS_2023.code,
        help_text="Visits without graded judgements use the last option",
    )
    theme = forms.CharField(
        max_length=200, required=False, label="Theme", help_text="For focused and monitoring visits"
    )
    start_date = date_field("First day on site")
    end_date = date_field("Last day on site")
    received_date = date_field(
        "Date the council received the final report or letter",
        required=False,
        hint=(
            "Ofsted's deadlines for the action plan count from this day, which is before "
            "publication. For example, 27/3/2026"
        ),
    )
    publication_date = date_field("Date the report or letter was published", required=False)
    report_reference = forms.CharField(max_length=60, required=False, label="Report reference")
    report_url = forms.URLField(assume_scheme="https", required=False, label="Link to the report")
    lead_inspector = forms.CharField(max_length=120, required=False, label="Lead inspector")
    summary = forms.CharField(
        required=False, label="Headline findings", widget=forms.Textarea(attrs={"rows": 5})
    )
    has_priority_actions = forms.BooleanField(
        required=False, label="The report or letter names areas for priority action"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for area in ILACS_2023.areas:
            self.fields[f"grade_{area.code}"] = forms.ChoiceField(
                label=area.name, choices=GRADE_CHOICES, required=False
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "The last day must be the same as or after the first day")
        published = cleaned.get("publication_date")
        if published and end and published < end:
            self.add_error("publication_date", "The report cannot be published before the visit")
        check_received(self, cleaned, end)
        return cleaned

    def judgements(self) -> dict[str, str]:
        return {
            area.code: self.cleaned_data[f"grade_{area.code}"]
            for area in ILACS_2023.areas
            if self.cleaned_data.get(f"grade_{area.code}")
        }


def check_received(form: GovukForm, cleaned: dict[str, Any], end: date | None) -> None:
    """Errors on the date received, in the order a person would fix them."""
    received, published = cleaned.get("received_date"), cleaned.get("publication_date")
    if received is None:
        return
    if received > timezone.localdate():
        form.add_error("received_date", "The date received must be today or in the past")
    elif end and received < end:
        form.add_error(
            "received_date",
            "The date received must be the same as or after the last day on site",
        )
    elif published and received > published:
        form.add_error(
            "received_date",
            "The date received must be the same as or before the publication date",
        )


class InspectionDatesForm(GovukForm):
    """Record the date received (and publication) after the visit was first recorded."""

    received_date = InspectionForm.base_fields["received_date"]
    publication_date = InspectionForm.base_fields["publication_date"]

    def __init__(self, *args: Any, end_date: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.end_date = end_date

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        published = cleaned.get("publication_date")
        if published and published < self.end_date:
            self.add_error("publication_date", "The report cannot be published before the visit")
        check_received(self, cleaned, self.end_date)
        return cleaned


class RecommendationForm(GovukForm):
    kind = forms.ChoiceField(
        label="Type", choices=RecommendationKind.choices, widget=forms.RadioSelect
    )
    paragraph = forms.CharField(
        max_length=20, required=False, label="Paragraph", help_text="For example, 12"
    )
    text = forms.CharField(
        label="Recommendation",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Copy it exactly as the report words it",
        strip=False,
        error_messages={"required": "Enter the recommendation exactly as the report words it"},
    )


class ClockCompleteForm(GovukForm):
    completed_on = date_field("Date it was sent", required=False, hint="Leave blank to reopen")
    # The clock's version when the page was loaded; missing or old means someone else saved.
    version = forms.IntegerField(widget=forms.HiddenInput)
