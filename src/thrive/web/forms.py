"""GOV.UK Design System rendering for every Django form: field groups, hints, errors."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.forms.boundfield import BoundField
from django.forms.renderers import TemplatesSetting
from django.forms.widgets import Widget


class GovukFormRenderer(TemplatesSetting):
    form_template_name = "govuk/form.html"
    field_template_name = "govuk/field.html"


def _widget_class(widget: Widget) -> str:
    if isinstance(widget, forms.Textarea):
        return "govuk-textarea"
    if isinstance(widget, forms.Select) and not isinstance(widget, forms.RadioSelect):
        return "govuk-select"
    if isinstance(widget, forms.ClearableFileInput | forms.FileInput):
        return "govuk-file-upload"
    if isinstance(widget, forms.RadioSelect):
        return "govuk-radios__input"
    if isinstance(widget, forms.CheckboxSelectMultiple | forms.CheckboxInput):
        return "govuk-checkboxes__input"
    return "govuk-input"


class GovukBoundField(BoundField):
    """Adds GOV.UK classes, error modifiers and aria-describedby for hint and error."""

    def build_widget_attrs(
        self, attrs: dict[str, Any], widget: Widget | None = None
    ) -> dict[str, Any]:
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        base = _widget_class(widget)
        classes = [str(attrs.get("class", "")), base]
        if self.errors and base in {
            "govuk-input",
            "govuk-textarea",
            "govuk-select",
            "govuk-file-upload",
        }:
            classes.append(f"{base}--error")
        attrs["class"] = " ".join(c for c in classes if c)
        described_by = []
        if self.help_text:
            described_by.append(f"{self.auto_id}-hint")
        if self.errors:
            described_by.append(f"{self.auto_id}-error")
        if described_by and base not in {"govuk-radios__input", "govuk-checkboxes__input"}:
            attrs["aria-describedby"] = " ".join(described_by)
        else:
            attrs.pop("aria-describedby", None)
        return attrs


class GovukForm(forms.Form):
    bound_field_class = GovukBoundField
    # Error summary links go to the first field with an error; set per form if needed.
    error_summary_title: ClassVar[str] = "There is a problem"


class GovukModelForm(forms.ModelForm):
    bound_field_class = GovukBoundField
    error_summary_title: ClassVar[str] = "There is a problem"


class AccessLogSearchForm(GovukForm):
    """Filters for the access log. Every field is optional."""

    username = forms.CharField(required=False, label="Person (username)", max_length=150)
    child = forms.CharField(
        required=False,
        label="Child identifier",
        max_length=64,
        help_text="The pseudonymised identifier shown on child-level pages",
    )
    kind = forms.ChoiceField(
        required=False,
        label="What they did",
        choices=[
            ("", "Anything"),
            ("view", "Viewed"),
            ("export", "Exported"),
            ("download", "Downloaded"),
        ],
    )
    date_from = forms.DateField(
        required=False,
        label="From date",
        help_text="For example, 1/4/2026",
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
    )
    date_to = forms.DateField(
        required=False,
        label="To date",
        help_text="For example, 30/4/2026",
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "To date must be the same as or after the from date")
        return cleaned
