from __future__ import annotations

from django import forms

from thrive.packs.kinds import pack_types
from thrive.packs.models import PackKind
from thrive.web.forms import GovukForm


class PackForm(GovukForm):
    kind = forms.ChoiceField(
        label="Which pack",
        choices=[(t.kind.value, t.kind.label) for t in pack_types()],
        widget=forms.RadioSelect,
        initial=PackKind.BOARD.value,
        help_text=" · ".join(f"{t.kind.label}: {t.summary}" for t in pack_types()),
        error_messages={"required": "Choose which pack to start"},
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
