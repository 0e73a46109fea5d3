from __future__ import annotations

from typing import Any

from django import forms

from thrive.returns.models import ReturnType
from thrive.returns.services import NO_FILES
from thrive.web.forms import GovukForm


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
    return_files = MultipleFileField(
        label="Upload return files",
        help_text=(
            "SSDA903 CSV files, a CIN census XML file, an Ofsted Annex A workbook or workforce "
            "CSV files. You can choose several files at once."
        ),
    )


class FindingFilterForm(GovukForm):
    severity = forms.ChoiceField(
        required=False,
        label="Severity",
        choices=[("", "All"), ("error", "Errors"), ("warning", "Warnings"), ("query", "Queries")],
    )
    rule = forms.CharField(required=False, label="Rule code", max_length=32)
    child = forms.CharField(required=False, label="Child or staff identifier", max_length=64)
    file = forms.CharField(required=False, label="File", max_length=255)


class CompareForm(GovukForm):
    before = forms.IntegerField(label="Earlier version", min_value=1)
    after = forms.IntegerField(label="Later version", min_value=1)
