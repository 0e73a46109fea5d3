from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm, SetPasswordForm

from thrive.councils.roles import Role
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


class EnrolForm(SetPasswordForm):
    """Set a password and confirm the authenticator app, on the one-time enrolment page."""

    bound_field_class = GovukBoundField
    code = TotpCodeForm.base_fields["code"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = "Create a password"
        self.fields[
            "new_password1"
        ].help_text = "At least 12 characters. Avoid common words and your name."
        self.fields["new_password1"].error_messages["required"] = "Enter a password"
        self.fields["new_password2"].label = "Confirm your password"
        self.fields["new_password2"].help_text = ""
        self.fields["new_password2"].error_messages["required"] = "Enter the password again"

    def clean_code(self) -> str:
        return TotpCodeForm.clean_code(self)  # type: ignore[arg-type]


class PersonInviteForm(GovukForm):
    first_name = forms.CharField(
        label="First name", max_length=150, error_messages={"required": "Enter a first name"}
    )
    last_name = forms.CharField(
        label="Last name", max_length=150, error_messages={"required": "Enter a last name"}
    )
    email = forms.EmailField(
        label="Email address",
        help_text="Their work email. The invitation link is sent here; it is also their username.",
        max_length=150,
        error_messages={
            "required": "Enter an email address",
            "invalid": "Enter an email address in the correct format, like name@council.gov.uk",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    role = forms.ChoiceField(
        label="Role",
        choices=Role.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select a role"},
    )
    job_title = forms.CharField(label="Job title (optional)", max_length=120, required=False)


class PersonChangeForm(GovukForm):
    role = forms.ChoiceField(
        label="Role",
        choices=Role.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select a role"},
    )
    job_title = forms.CharField(label="Job title (optional)", max_length=120, required=False)
    team = forms.CharField(label="Team (optional)", max_length=120, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)


class PersonConfirmForm(GovukForm):
    """A confirmation page's form: only the version the page showed."""

    version = forms.IntegerField(widget=forms.HiddenInput)
