from __future__ import annotations

from django import forms

from safetymap.access.models import RestrictionReason, ReviewOutcome
from safetymap.accounts.models import User
from safetymap.core.govuk_forms import text_area, too_long


class EmergencyAccessForm(forms.Form):
    la_child_id = forms.CharField(
        label="The child's council reference",
        help_text="For example, LRK0000301",
        max_length=20,
        error_messages={
            "required": "Enter the child's council reference",
            "max_length": too_long("The child's council reference", 20),
        },
    )
    reason = text_area(
        "Why do you need to open this record now?",
        hint="For example: the police have asked for an urgent check out of hours. This is "
        "read by the privacy officer.",
        message="Enter why you need to open this record now",
        max_length=1000,
    )
    password = forms.CharField(
        label="Your password",
        help_text="Type your password again to confirm it is you",
        strip=False,
        max_length=200,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={
            "required": "Enter your password",
            "max_length": too_long("Your password", 200),
        },
    )


class EmergencyReviewForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Was the emergency access justified?",
        choices=ReviewOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether it was justified"},
    )
    note = text_area("What did you find?", message="Say what you found", max_length=2000)


class RestrictRecordForm(forms.Form):
    reason = forms.ChoiceField(
        label="Why must this record be restricted?",
        choices=RestrictionReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select why the record must be restricted"},
    )
    note = text_area("Anything the privacy officer should know", required=False, max_length=1000)
    people = forms.ModelMultipleChoiceField(
        label="Who else may see it?",
        help_text="You, the allocated worker and their team manager can always see it",
        queryset=User.objects.filter(is_active=True).order_by("full_name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, organisation=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if organisation is not None:  # colleagues in the same organisation
            self.fields["people"].queryset = self.fields["people"].queryset.filter(
                organisation=organisation
            )
        self.fields["people"].label_from_instance = lambda u: f"{u.full_name}, {u.job_title}"
