from __future__ import annotations

from django import forms

from thrive.web.forms import GovukForm


class TargetForm(GovukForm):
    target = forms.FloatField(
        label="Target",
        help_text="In the measure's unit, for example 90 for 90%.",
        error_messages={
            "required": "Enter a target",
            "invalid": "Enter the target as a number, like 90 or 12.5",
        },
    )
    tolerance = forms.FloatField(
        label="Tolerance",
        min_value=0,
        help_text="How far on the wrong side of the target is still amber, in the same unit.",
        error_messages={
            "required": "Enter a tolerance (0 for none)",
            "invalid": "Enter the tolerance as a number, like 5",
            "min_value": "The tolerance cannot be negative",
        },
    )
    reason = forms.CharField(
        label="Why this target (optional)",
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "The reason must be 300 characters or fewer"},
    )


class PopulationForm(GovukForm):
    population = forms.IntegerField(
        label="Children aged 0 to 17",
        min_value=1,
        error_messages={
            "required": "Enter the number of children aged 0 to 17",
            "invalid": "Enter a whole number, like 65000",
            "min_value": "The population must be 1 or more",
        },
    )
    note = forms.CharField(
        label="Source (optional)",
        required=False,
        max_length=300,
        help_text="For example: ONS mid-2024 estimate.",
        error_messages={"max_length": "The source must be 300 characters or fewer"},
    )
