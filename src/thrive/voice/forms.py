"""GOV.UK forms for feedback, survey imports and you said / we did."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from thrive.audits.models import LearningTheme
from thrive.councils.models import Council
from thrive.voice.models import Audience, Channel, Feedback, Sentiment, SourceType
from thrive.web.forms import GovukForm

MAX_IMPORT_BYTES = 10 * 1024 * 1024


def _themes(council: Council) -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        queryset=LearningTheme.objects.for_council(council),
        required=False,
        label="Themes",
        widget=forms.CheckboxSelectMultiple,
    )


class _ActionChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.ref} {obj.title} ({obj.get_status_display().lower()})"


def _actions(council: Council, label: str) -> forms.ModelMultipleChoiceField:
    from thrive.plans.models import Action

    return _ActionChoices(
        queryset=Action.objects.for_council(council).select_related("priority"),
        required=False,
        label=label,
        widget=forms.CheckboxSelectMultiple,
    )


class FeedbackForm(GovukForm):
    source_type = forms.ChoiceField(
        label="Who gave the feedback?", choices=SourceType.choices, widget=forms.RadioSelect
    )
    channel = forms.ChoiceField(
        label="How was it given?", choices=Channel.choices, widget=forms.RadioSelect
    )
    received_on = forms.DateField(
        label="Date", help_text="For example, 27/3/2026", input_formats=["%d/%m/%Y", "%Y-%m-%d"]
    )
    summary = forms.CharField(
        label="What did they tell us?",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="In your words. Do not include names or anything that identifies a child.",
    )
    quote = forms.CharField(
        label="Their own words (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Only shown anywhere if they agreed to be quoted",
    )
    consent_to_quote = forms.BooleanField(
        label="They agreed that their words can be quoted", required=False
    )
    attributed_role = forms.CharField(
        label="Attribute the quote to",
        required=False,
        max_length=40,
        help_text="A role only, never a name: for example SW, TM, care leaver, 19",
    )
    sentiment = forms.ChoiceField(
        label="Overall, was it", choices=Sentiment.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args: Any, council: Council, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["themes"] = _themes(council)

    def clean_received_on(self) -> Any:
        value = self.cleaned_data["received_on"]
        if value > timezone.localdate():
            raise forms.ValidationError("The date must be today or in the past")
        return value

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        quote, role = cleaned.get("quote", "").strip(), cleaned.get("attributed_role", "").strip()
        if quote and cleaned.get("consent_to_quote") and not role:
            self.add_error(
                "attributed_role",
                "Enter the role to attribute the quote to, for example care leaver, 19",
            )
        return cleaned


class FeedbackLinksForm(GovukForm):
    def __init__(self, *args: Any, council: Council, feedback: Feedback, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["themes"] = _themes(council)
        self.fields["actions"] = _actions(council, "Improvement plan actions this feedback changed")
        if not self.is_bound:
            self.initial["themes"] = list(feedback.themes.all())
            self.initial["actions"] = list(feedback.actions.all())


class FeedbackImportForm(GovukForm):
    survey_file = forms.FileField(
        label="Upload a survey export (CSV)",
        help_text=(
            "Columns: date, source (who), summary; optional channel, quote, role, consent "
            "(yes or no), sentiment, themes (separated by ;) and reference"
        ),
    )

    def clean_survey_file(self) -> Any:
        upload = self.cleaned_data["survey_file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError("The file must be smaller than 10 MB")
        if not upload.name.lower().endswith(".csv"):
            raise forms.ValidationError("The selected file must be a CSV")
        return upload


class _FeedbackChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.received_on:%d %b %Y}, {obj.get_source_type_display()}: {obj.summary[:90]}"


class YouSaidWeDidForm(GovukForm):
    audience = forms.ChoiceField(
        label="Who is it for?", choices=Audience.choices, widget=forms.RadioSelect
    )
    you_said = forms.CharField(
        label="You said",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="In plain words a child would understand. No names.",
    )
    we_did = forms.CharField(label="We did", widget=forms.Textarea(attrs={"rows": 4}))
    published = forms.BooleanField(label="Publish it on the you said, we did page", required=False)
    # The entry's version when the page was loaded (0 for a new one); missing or old is refused.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args: Any, council: Council, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["feedback"] = _FeedbackChoices(
            queryset=Feedback.objects.for_council(council),
            required=False,
            label="The feedback it answers",
            widget=forms.CheckboxSelectMultiple,
        )
        self.fields["actions"] = _actions(
            council, "The improvement plan actions that changed things"
        )
        self.order_fields(
            ["audience", "you_said", "we_did", "feedback", "actions", "published", "version"]
        )
