from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm

from thrive.web.forms import GovukBoundField, GovukForm

SIGN_IN_FAILED = "Enter a correct username and password. Both are case-sensitive."
CODE_INVALID = "Enter the 6-digit code shown in your authenticator app"
CODE_WRONG = "The code is not correct or has expired. Enter the newest code from your app"


class SignInForm(AuthenticationForm):
    bound_field_class = GovukBoundField
    error_messages = {
        "invalid_login": SIGN_IN_FAILED,
        "inactive": "This account is disabled. Ask your council's Thrive administrator.",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Username"
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"
        self.fields["password"].widget.attrs["autocomplete"] = "current-password"


class TotpCodeForm(GovukForm):
    code = forms.CharField(
        label="Security code",
        help_text="The 6-digit code from your authenticator app",
        max_length=12,
        error_messages={"required": CODE_INVALID},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "spellcheck": "false",
                "class": "govuk-input--width-10",
            }
        ),
    )

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].replace(" ", "")
        if not (code.isdigit() and len(code) == 6):
            raise forms.ValidationError(CODE_INVALID)
        return code
