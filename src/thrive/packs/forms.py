from __future__ import annotations

from typing import Any

from django import forms

from thrive.councils.models import Council
from thrive.packs.kinds import pack_type, pack_types
from thrive.packs.models import PackKind
from thrive.web.forms import GovukForm

THEME_REQUIRED = "Choose the plan priority the evidence pack is about"


class PackForm(GovukForm):
    kind = forms.ChoiceField(
        label="Which pack",
        choices=[(t.kind.value, t.kind.label) for t in pack_types()],
        widget=forms.RadioSelect,
        initial=PackKind.BOARD.value,
        help_text=" · ".join(f"{t.kind.label}: {t.summary}" for t in pack_types()),
        error_messages={"required": "Choose which pack to start"},
    )
    priority = forms.TypedChoiceField(
        label="Theme (evidence pack only)",
        help_text="The improvement plan priority the monitoring visit looks at",
        coerce=int,
        required=False,
        empty_value=None,
    )
    as_at = forms.DateField(
        label="Figures as known on",
        help_text="Usually the day you prepare the pack. For example, 30/11/2026",
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        error_messages={
            "required": "Enter the date the figures should be as known on",
            "invalid": "Enter a real date, for example 30/11/2026",
        },
    )

    def __init__(self, *args: Any, council: Council, **kwargs: Any) -> None:
        from thrive.plans.models import Priority
        from thrive.plans.selectors import plan_active

        super().__init__(*args, **kwargs)
        plan = plan_active(council=council)
        self.priorities = {p.pk: p for p in Priority.objects.for_council(council).filter(plan=plan)}
        self.fields["priority"].choices = [  # type: ignore[attr-defined]
            ("", "Not an evidence pack"),
            *((pk, f"Priority {p.number}: {p.title}") for pk, p in self.priorities.items()),
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        kind = cleaned.get("kind")
        if kind and pack_type(kind).themed:
            if cleaned.get("priority") is None:
                self.add_error("priority", THEME_REQUIRED)
            else:
                cleaned["priority"] = self.priorities[cleaned["priority"]]
        else:
            cleaned["priority"] = None
        return cleaned
