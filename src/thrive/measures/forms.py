from __future__ import annotations

from typing import Any

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
    # The target's version when the page was loaded (0: none set yet); missing or old is refused.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


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

    def __init__(self, *args: Any, year: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if year is not None:
            mid = mid_year_estimate_for(year)
            self.fields["population"].help_text = (
                f"Use the ONS mid-{mid} population estimate of children aged 0 to 17. DfE pairs "
                f"the year to 31 March {year} with the estimate for mid-{mid} (30 June {mid})."
            )
            self.fields["note"].help_text = f"For example: ONS mid-{mid} estimate."


def mid_year_estimate_for(year: int) -> int:
    """The ONS mid-year estimate DfE divides by for the collection year to 31 March `year`:
    mid-(year − 1), the latest published when the statistics come out (e.g. the year to 31 March
    2024 uses the mid-2023 estimate)."""
    return year - 1
