"""GOV.UK forms for audit tools, programmes, sampling, doing and moderating audits."""

from __future__ import annotations

import secrets
from typing import Any

from django import forms
from django.utils import timezone

from thrive.audits.candidates import ANNEX_A_SOURCES
from thrive.audits.models import (
    AuditQuestion,
    Grade,
    LearningTheme,
    ModerationOutcome,
    ProgrammeKind,
    QuestionKind,
    SampleMethod,
    YesNoPartly,
)
from thrive.audits.sampling import RULES
from thrive.councils.models import Council
from thrive.web.forms import GovukForm

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
MAX_CASE_FILE_BYTES = 20 * 1024 * 1024


def _date_field(label: str, hint: str = "For example, 27/3/2026", **kwargs: Any) -> forms.DateField:
    return forms.DateField(label=label, help_text=hint, input_formats=DATE_FORMATS, **kwargs)


def _theme_field(
    council: Council, label: str = "Learning themes"
) -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        queryset=LearningTheme.objects.for_council(council),
        required=False,
        label=label,
        widget=forms.CheckboxSelectMultiple,
    )


class _UserChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        name = obj.get_full_name()
        return f"{name} ({obj.username})" if name else obj.username


class _UserMultipleChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        name = obj.get_full_name()
        return f"{name} ({obj.username})" if name else obj.username


class ToolForm(GovukForm):
    name = forms.CharField(label="Name of the audit tool", max_length=160)
    description = forms.CharField(
        label="What the tool is for",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, the practice standard it checks cases against",
    )


class SectionForm(GovukForm):
    title = forms.CharField(label="Section title", max_length=200)
    guidance = forms.CharField(
        label="Guidance for auditors", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class QuestionForm(GovukForm):
    text = forms.CharField(label="Question", max_length=400)
    kind = forms.ChoiceField(
        label="How is it answered?", choices=QuestionKind.choices, widget=forms.RadioSelect
    )
    guidance = forms.CharField(
        label="Guidance for auditors",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What good looks like, and what to look for in the case file",
    )
    mandatory = forms.BooleanField(label="The auditor must answer this question", required=False)

    def __init__(self, *args: Any, council: Council, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["themes"] = _theme_field(council, "Learning themes this question evidences")


class QuestionEditForm(QuestionForm):
    # The question's version when the page was loaded; missing or old means someone else saved.
    version = forms.IntegerField(widget=forms.HiddenInput)


class ThemeForm(GovukForm):
    name = forms.CharField(
        label="Theme", max_length=120, help_text="For example, written safety plans"
    )
    description = forms.CharField(
        label="Description", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, council: Council, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.council = council

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if LearningTheme.objects.for_council(self.council).filter(name__iexact=name).exists():
            raise forms.ValidationError("A theme with this name already exists")
        return str(name)


class ProgrammeForm(GovukForm):
    name = forms.CharField(
        label="Name", max_length=200, help_text="For example, March 2026 monthly audit"
    )
    kind = forms.ChoiceField(
        label="Type of programme", choices=ProgrammeKind.choices, widget=forms.RadioSelect
    )
    scope = forms.CharField(
        label="Scope",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Which children, teams or practice the programme looks at",
    )
    period_start = _date_field("Start date")
    period_end = _date_field("End date", "For example, 30/4/2026")
    moderation_share = forms.IntegerField(
        label="Share of audits to moderate (per cent)",
        min_value=0,
        max_value=100,
        initial=10,
        help_text="Every audit graded inadequate is moderated as well as this share of the rest",
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
    )

    def __init__(self, *args: Any, council: Council, tools: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["tool"] = forms.ModelChoiceField(
            queryset=tools, label="Audit tool", empty_label="Choose a tool"
        )
        self.fields["themes"] = _theme_field(council, "Themes the programme looks at (optional)")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", "The end date must be the same as or after the start date")
        return cleaned


class SampleForm(GovukForm):
    source = forms.ChoiceField(
        label="Where should the cases come from?",
        choices=[
            ("csv", "An uploaded list of cases (CSV)"),
            *((table, f"The current {src.label}") for table, src in ANNEX_A_SOURCES.items()),
        ],
        initial="csv",
        widget=forms.RadioSelect,
    )
    case_file = forms.FileField(
        required=False,
        label="Upload a list of cases (CSV)",
        help_text=(
            "Columns child_id, team and worker (the allocated worker's username), plus any "
            "cohort fields such as cp_plan_start_date or care_leaver_activity"
        ),
    )
    method = forms.ChoiceField(
        label="How should cases be chosen?", choices=SampleMethod.choices, widget=forms.RadioSelect
    )
    rule = forms.ChoiceField(
        label="Rule (if choosing by rule)",
        required=False,
        choices=[("", "No rule"), *((code, rule.label) for code, rule in RULES.items())],
    )
    rule_parameter = forms.IntegerField(
        label="Months on a child protection plan (for that rule)",
        required=False,
        min_value=1,
        max_value=240,
        initial=18,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
    )
    size = forms.IntegerField(
        label="Number of cases",
        min_value=1,
        max_value=500,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
    )
    seed = forms.IntegerField(
        label="Seed",
        min_value=0,
        max_value=2**62,
        help_text="Keep it to draw the same sample again from the same list",
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-10"}),
    )
    as_of = _date_field("Date the rule is applied on", required=False)

    def __init__(self, *args: Any, auditors: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["auditors"] = _UserMultipleChoice(
            queryset=auditors,
            label="Auditors",
            help_text="Cases are shared between them; nobody is given a case they work on",
            widget=forms.CheckboxSelectMultiple,
        )
        if not self.is_bound:
            self.initial.setdefault("seed", secrets.randbelow(10**9))
            self.initial.setdefault("as_of", timezone.localdate().strftime("%d/%m/%Y"))

    def clean_case_file(self) -> Any:
        upload = self.cleaned_data["case_file"]
        if upload is None:
            return None
        if upload.size > MAX_CASE_FILE_BYTES:
            raise forms.ValidationError("The file must be smaller than 20 MB")
        if not upload.name.lower().endswith(".csv"):
            raise forms.ValidationError("The selected file must be a CSV")
        return upload

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if (
            cleaned.get("source") == "csv"
            and not cleaned.get("case_file")
            and "case_file" not in self.errors
        ):
            self.add_error("case_file", "Select a CSV file of cases")
        if cleaned.get("method") == SampleMethod.RULE and not cleaned.get("rule"):
            self.add_error("rule", "Choose the rule to sample by")
        return cleaned


class ManualAuditForm(GovukForm):
    child_id = forms.CharField(
        label="Child identifier",
        max_length=64,
        help_text="As in your case records. Thrive keeps only the council's pseudonym of it, "
        "the same one its returns use",
    )
    team = forms.CharField(label="Team", max_length=120)
    worker = forms.CharField(
        label="Allocated worker (username)",
        max_length=150,
        help_text="Leave blank if unallocated",
        required=False,
    )
    reason = forms.CharField(
        label="Why is this case being added?",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, raised by the Independent Reviewing Officer",
    )

    def __init__(self, *args: Any, auditors: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["auditor"] = _UserChoice(
            queryset=auditors, label="Auditor", empty_label="Choose an auditor"
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        auditor, worker = cleaned.get("auditor"), cleaned.get("worker", "")
        if auditor is not None and worker and auditor.username.casefold() == worker.casefold():
            self.add_error(
                "auditor", "An auditor cannot audit a case they work on: choose someone else"
            )
        return cleaned


def _answer_choices(question: AuditQuestion) -> list[tuple[str, str]]:
    if question.kind == QuestionKind.GRADE:
        return list(Grade.choices)
    return list(YesNoPartly.choices)


class AuditSectionForm(GovukForm):
    """One section of an audit tool: a field per question (and a comment box for choices)."""

    def __init__(
        self, *args: Any, questions: list[AuditQuestion], enforce: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        self.enforce = enforce
        for question in questions:
            optional = "" if question.mandatory else " (optional)"
            if question.kind == QuestionKind.FREE_TEXT:
                self.fields[f"q{question.pk}"] = forms.CharField(
                    label=f"{question.text}{optional}",
                    help_text=question.guidance,
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 4}),
                )
            else:
                self.fields[f"q{question.pk}"] = forms.ChoiceField(
                    label=f"{question.text}{optional}",
                    help_text=question.guidance,
                    required=False,
                    choices=_answer_choices(question),
                    widget=forms.RadioSelect,
                )
                self.fields[f"c{question.pk}"] = forms.CharField(
                    label="Evidence and comments (optional)",
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 2}),
                )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.enforce:
            for question in self.questions:
                value = cleaned.get(f"q{question.pk}")
                if question.mandatory and not (value or "").strip():
                    message = (
                        "Enter an answer"
                        if question.kind == QuestionKind.FREE_TEXT
                        else "Choose an answer"
                    )
                    self.add_error(f"q{question.pk}", f"{message} to “{question.text}”")
        return cleaned

    def answers(self) -> dict[int, tuple[str, str]]:
        result = {}
        for question in self.questions:
            value = self.cleaned_data.get(f"q{question.pk}") or ""
            if question.kind == QuestionKind.FREE_TEXT:
                result[question.pk] = ("", value.strip())
            else:
                result[question.pk] = (
                    value,
                    (self.cleaned_data.get(f"c{question.pk}") or "").strip(),
                )
        return result


class OverallGradeForm(GovukForm):
    overall_grade = forms.ChoiceField(
        label="Overall grade for the child's experience and progress",
        choices=Grade.choices,
        widget=forms.RadioSelect,
    )
    rationale = forms.CharField(
        label="Reasons for the grade",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What made the difference for the child, and what did not",
    )

    def __init__(self, *args: Any, council: Council, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["themes"] = _theme_field(council, "Learning themes this audit shows (optional)")


class ChildActionForm(GovukForm):
    description = forms.CharField(
        label="What needs to happen for the child", widget=forms.Textarea(attrs={"rows": 3})
    )
    due_date = _date_field("Due date")

    def __init__(self, *args: Any, owners: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"] = _UserChoice(
            queryset=owners, label="Owner", empty_label="Choose an owner"
        )

    def clean_due_date(self) -> Any:
        due = self.cleaned_data["due_date"]
        if due < timezone.localdate():
            raise forms.ValidationError("The due date must be today or in the future")
        return due


class ChildActionCompleteForm(GovukForm):
    note = forms.CharField(
        label="What was done", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class EscalateForm(GovukForm):
    reason = forms.CharField(
        label="What is the risk to the child?",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=(
            "The team manager is emailed at once. The email links here and does not repeat "
            "this text."
        ),
    )


class ModerationForm(GovukForm):
    outcome = forms.ChoiceField(
        label="Do you agree with the auditor's grade?",
        choices=[
            (ModerationOutcome.AGREED.value, "Yes, agree the grade"),
            (ModerationOutcome.CHANGED.value, "No, change the grade"),
        ],
        widget=forms.RadioSelect,
    )
    moderated_grade = forms.ChoiceField(
        label="Moderated grade (if changing it)",
        choices=Grade.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    reasons = forms.CharField(
        label="Reasons",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Why you agree or disagree",
    )

    def __init__(self, *args: Any, auditor_grade: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.auditor_grade = auditor_grade

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("outcome") == ModerationOutcome.CHANGED:
            grade = cleaned.get("moderated_grade")
            if not grade:
                self.add_error("moderated_grade", "Choose the moderated grade")
            elif grade == self.auditor_grade:
                self.add_error(
                    "moderated_grade",
                    "Choose a grade different from the auditor's, or agree the grade",
                )
        return cleaned


class _PriorityChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.plan.title}: priority {obj.number}, {obj.title}"


class RaisePlanActionForm(GovukForm):
    title = forms.CharField(label="Action", max_length=500)
    description = forms.CharField(
        label="What will be done", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    due_date = _date_field("Due date", required=False)

    def __init__(self, *args: Any, priorities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["priority"] = _PriorityChoice(
            queryset=priorities, label="Plan priority", empty_label="Choose a priority"
        )
        self.order_fields(["priority", "title", "description", "due_date"])


class ReassignForm(GovukForm):
    def __init__(self, *args: Any, auditors: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["auditor"] = _UserChoice(
            queryset=auditors, label="New auditor", empty_label="Choose an auditor"
        )
