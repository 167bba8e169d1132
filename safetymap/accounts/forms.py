from __future__ import annotations

from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm
from django.core.validators import MaxLengthValidator
from django.db.models import Q
from django.http import HttpRequest

from safetymap.access.policy import case_holders
from safetymap.accounts import links, services
from safetymap.accounts.models import Organisation, Team, User
from safetymap.accounts.roles import Role
from safetymap.core.govuk_forms import too_long
from safetymap.core.pickers import PeopleChoiceField, PersonChoiceField

WRONG_CREDENTIALS = "Enter a correct email address and password"
# Far past any passphrase or password manager's, and short enough that hashing it costs nothing.
PASSWORD_MAX_LENGTH = 1000


class SignInForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        max_length=PASSWORD_MAX_LENGTH,
        error_messages={
            "required": "Enter your password",
            "max_length": too_long("Password", PASSWORD_MAX_LENGTH),
        },
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, request: HttpRequest, *args, **kwargs) -> None:
        self.request = request
        self.user: User | None = None
        super().__init__(*args, **kwargs)

    def clean(self) -> dict:
        data = super().clean()
        email, password = data.get("email"), data.get("password")
        if email and password:
            self.user = authenticate(self.request, username=email, password=password)
            if self.user is None:
                # The same words whether the address is unknown, the password wrong or the
                # account closed: the page must not tell anyone which addresses have accounts.
                self.add_error("email", WRONG_CREDENTIALS)
        return data


class TeamForm(forms.ModelForm):
    """A team and its line-management chain: who is in it sees the children allocated to it,
    and so do its manager and the service manager over them (access.policy)."""

    class Meta:
        model = Team
        fields = [
            "organisation",
            "name",
            "manager",
            "service_manager",
            "members",
            "receives_new_referrals",
            "is_active",
        ]
        labels = {
            "organisation": "Organisation",
            "name": "Team name",
            "manager": "Team manager (optional)",
            "service_manager": "Service manager over the team (optional)",
            "members": "Members (optional)",
            "receives_new_referrals": "New referrals go to this team's queue",
            "is_active": "This team is active",
        }
        help_texts = {
            "members": "Members see the children allocated to the team",
            "service_manager": "They see the team's children, as the team manager does",
            "receives_new_referrals": (
                "The front door's decision offers this team first; it can choose another"
            ),
        }
        error_messages = {
            "organisation": {"required": "Choose the organisation the team belongs to"},
            "name": {"required": "Enter the team's name"},
        }
        # Bounded and searchable for a large council; the people chosen are always listed.
        field_classes = {
            "manager": PersonChoiceField,
            "service_manager": PersonChoiceField,
            "members": PeopleChoiceField,
        }

    def __init__(self, *args, by: User | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(is_active=True)
        self.fields["organisation"].empty_label = "Choose an organisation"
        # A team gives sight of its children: only children's social care practitioners and
        # managers may be in one, never a partner agency's staff or an administrator, and
        # never the person editing it (services.save_team).
        practitioners = case_holders()
        if by is not None:
            practitioners = practitioners.exclude(pk=by.pk)
        for name in ("manager", "service_manager", "members"):
            self.fields[name].queryset = practitioners
            self.fields[name].error_messages["invalid_choice"] = (
                "Choose a social worker, front door practitioner or manager"
            )
        self.fields["manager"].empty_label = "No team manager"
        self.fields["service_manager"].empty_label = "No service manager"

    def clean(self) -> dict:
        data = super().clean()
        manager, service_manager = data.get("manager"), data.get("service_manager")
        if manager and service_manager and manager == service_manager:
            self.add_error(
                "service_manager", "The service manager must be someone other than the team manager"
            )
        organisation, name = data.get("organisation"), (data.get("name") or "").strip()
        taken = Team.objects.filter(organisation=organisation, name__iexact=name)
        if organisation and name and taken.exclude(pk=self.instance.pk).exists():
            self.add_error("name", "This organisation already has a team with this name")
        return data


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "organisation_type", "urn", "ods_code", "secure_email", "is_active"]
        labels = {
            "name": "Name",
            "organisation_type": "Type of organisation",
            "secure_email": "Secure email address (optional)",
            "is_active": "This organisation is active",
        }
        error_messages = {
            "name": {
                "required": "Enter the organisation's name",
                "unique": "An organisation with this name already exists",
            },
            "organisation_type": {"required": "Select the type of organisation"},
        }
        widgets = {"organisation_type": forms.RadioSelect}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation_type"].choices = [
            c for c in self.fields["organisation_type"].choices if c[0]
        ]
        self.fields["urn"].label = "DfE URN (optional)"
        self.fields["ods_code"].label = "ODS code (optional)"

    def clean_ods_code(self) -> str:
        return self.cleaned_data["ods_code"].strip().upper()


class UserForm(forms.ModelForm):
    roles = forms.MultipleChoiceField(
        label="Roles",
        choices=Role.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply. A role never shows anyone a child on its own.",
        error_messages={"required": "Select at least one role"},
    )

    class Meta:
        model = User
        fields = ["full_name", "email", "job_title", "organisation", "is_active"]
        labels = {
            "full_name": "Full name",
            "email": "Email address",
            "job_title": "Job title (optional)",
            "organisation": "Organisation",
            "is_active": "This person can sign in",
        }
        error_messages = {
            "full_name": {"required": "Enter the person's full name"},
            "email": {
                "required": "Enter the person's email address",
                "invalid": "Enter an email address in the correct format, like name@example.com",
                "unique": "Someone already has an account with this email address",
            },
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        organisation = self.fields["organisation"]
        # Closed organisations are not offered, except the one the person already belongs to.
        organisation.queryset = Organisation.objects.filter(
            Q(is_active=True) | Q(pk=self.instance.organisation_id)
        )
        organisation.required = True
        organisation.empty_label = "Choose an organisation"
        organisation.error_messages["required"] = "Choose the person's organisation"
        if self.instance.pk:
            self.initial["roles"] = [r.value for r in self.instance.roles]

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        clash = User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError("Someone already has an account with this email address")
        return email


class GovukPasswordResetForm(PasswordResetForm):
    """Django's reset form with plain-English messages. It says the same thing whether or not
    the address has an account."""

    email = forms.EmailField(
        label="Email address",
        max_length=254,
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"

    def save(self, **ignored) -> None:
        """Queue the email; the worker looks the address up and sends it (see tasks.py)."""
        from safetymap.accounts.tasks import send_password_link

        send_password_link.enqueue(email=self.cleaned_data["email"])

    def send_links(self) -> None:
        # The link starts with the configured base URL, never the request's Host header.
        super().save(
            domain_override=urlsplit(settings.SAFETYMAP_BASE_URL).netloc,
            email_template_name=self.email_template_name,
            subject_template_name=self.subject_template_name,
            extra_email_context={
                "base_url": settings.SAFETYMAP_BASE_URL,
                "link_lasts": links.password_link_lasts(),
            },
        )

    def get_users(self, email: str):
        # New accounts start with no password (see services.save_user_account), so unlike
        # Django's default, an active account without a usable password may set one here.
        return User.objects.filter(email__iexact=email, is_active=True)


class GovukSetPasswordForm(SetPasswordForm):
    error_messages = {"password_mismatch": "The passwords do not match"}
    # Django's own fields, made afresh here (not shared with SetPasswordForm) with a length limit.
    new_password1, new_password2 = SetPasswordForm.create_password_fields()
    for _field in (new_password1, new_password2):
        _field.validators.append(
            MaxLengthValidator(
                PASSWORD_MAX_LENGTH, message=too_long("Password", PASSWORD_MAX_LENGTH)
            )
        )
    del _field

    def save(self, commit: bool = True) -> User:
        return services.set_own_password(self.user, self.cleaned_data["new_password1"])

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = "New password"
        self.fields[
            "new_password1"
        ].help_text = "At least 12 characters. Do not use a password you use anywhere else."
        self.fields["new_password1"].widget.attrs["autocomplete"] = "new-password"
        self.fields["new_password1"].error_messages["required"] = "Enter a new password"
        self.fields["new_password2"].label = "Enter the new password again"
        self.fields["new_password2"].help_text = ""
        self.fields["new_password2"].widget.attrs["autocomplete"] = "new-password"
        self.fields["new_password2"].error_messages["required"] = "Enter the new password again"


class SecondStepForm(forms.Form):
    code = forms.CharField(
        label="Security code",
        help_text="The 6-digit code from your authenticator app, or one of your backup codes",
        max_length=32,
        error_messages={
            "required": "Enter the code from your authenticator app",
            "max_length": too_long("Security code", 32),
        },
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "spellcheck": "false", "autocapitalize": "none"}
        ),
    )
