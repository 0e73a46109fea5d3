from __future__ import annotations

from django import forms

from thrive.web.forms import GovukForm


class PackForm(GovukForm):
    as_at = forms.DateField(
        label="Figures as known on",
        help_text="Usually the day you prepare the pack. For example, 30/11/2026",
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        error_messages={
            "required": "Enter the date the figures should be as known on",
            "invalid": "Enter a real date, for example 30/11/2026",
        },
    )
