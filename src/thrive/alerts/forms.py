from __future__ import annotations

from django import forms

from thrive.web.forms import GovukForm


class AlertFilterForm(GovukForm):
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Open and acknowledged"), ("open", "Open"), ("acknowledged", "Acknowledged")],
    )
    measure = forms.ChoiceField(label="Measure", required=False, choices=[("", "All measures")])

    def __init__(self, *args: object, measure_choices: list[tuple[str, str]], **kwargs: object):
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["measure"].choices = [("", "All measures"), *measure_choices]  # type: ignore[attr-defined]


class AcknowledgeForm(GovukForm):
    note = forms.CharField(
        label="What is being done about it",
        help_text="For example: the head of service is reviewing allocations with team managers",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        error_messages={"required": "Enter a note saying what is being done about this alert"},
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
