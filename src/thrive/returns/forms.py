from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone

from thrive.returns.models import ReturnType
from thrive.returns.services import NO_FILES
from thrive.web.forms import GovukForm

EXTRACT_DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


def year_choices() -> list[tuple[str, str]]:
    """Collection years an SSDA903 or CIN return can be loaded for (history from 2019/20)."""
    from thrive.statutory.rules import load_returns, year_label

    formats = load_returns()
    years = sorted({y for r in ("ssda903", "cin") for y in formats[r].accepted_years})
    choices = [(str(y), year_label(y)) for y in reversed(years)]
    return [("", "Work it out from the files"), *choices]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        items = data if isinstance(data, list | tuple) else [data]
        items = [item for item in items if item]
        if not items:
            raise forms.ValidationError(NO_FILES, code="required")
        return [super(MultipleFileField, self).clean(item, initial) for item in items]


class UploadForm(GovukForm):
    return_type = forms.ChoiceField(
        label="Which return are these files?",
        help_text="Every file is checked as part of this return; nothing is loaded if one is not.",
        choices=ReturnType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose which return these files are"},
    )
    collection_year = forms.TypedChoiceField(
        label="Collection year (optional)",
        help_text=(
            "For SSDA903 and CIN returns from 2019/20 onwards. Years before Thrive's own rule "
            "sets are checked with the nearest set, and the findings say which."
        ),
        choices=year_choices,
        coerce=int,
        empty_value=None,
        required=False,
        error_messages={"invalid_choice": "Choose a collection year from the list"},
    )
    extract_date = forms.DateField(
        label="Annex A extract date (optional)",
        help_text=(
            "The day the Annex A data was pulled from your system, for example 14/10/2026. "
            "Leave blank if the workbook states it. Ages and windows are checked at this date."
        ),
        required=False,
        input_formats=EXTRACT_DATE_FORMATS,
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"class": "govuk-input--width-10"}),
        error_messages={"invalid": "Annex A extract date must be a real date, like 14/10/2026"},
    )
    return_files = MultipleFileField(
        label="Upload return files",
        help_text=(
            "SSDA903 CSV files, a CIN census XML file, an Ofsted Annex A workbook or workforce "
            "CSV files. You can choose several files at once."
        ),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        extracted: dt.date | None = cleaned.get("extract_date")
        if extracted is not None:
            if cleaned.get("return_type") not in (None, ReturnType.ANNEXA):
                self.add_error(
                    "extract_date",
                    "An extract date is only for an Ofsted Annex A workbook: leave it blank",
                )
            elif extracted > timezone.localdate():
                self.add_error("extract_date", "Annex A extract date must be today or earlier")
        return cleaned

    def year_and_extract_date(self) -> tuple[int | None, str | None]:
        """The chosen collection year and extract date, as a background task can take them."""
        extracted = self.cleaned_data.get("extract_date")
        return self.cleaned_data.get("collection_year"), (
            extracted.isoformat() if extracted else None
        )


class FindingFilterForm(GovukForm):
    severity = forms.ChoiceField(
        required=False,
        label="Severity",
        choices=[("", "All"), ("error", "Errors"), ("warning", "Warnings"), ("query", "Queries")],
    )
    rule = forms.CharField(required=False, label="Rule code", max_length=32)
    child = forms.CharField(
        required=False,
        label="Child or staff identifier",
        help_text="As in your system, or the pseudonym Thrive shows (16 letters and digits)",
        max_length=64,
    )
    file = forms.CharField(required=False, label="File", max_length=255)


class CompareForm(GovukForm):
    before = forms.IntegerField(label="Earlier version", min_value=1)
    after = forms.IntegerField(label="Later version", min_value=1)
