from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone

from safetymap.core.govuk_forms import GovukDateField
from safetymap.people.codes import Disability, Ethnicity, Sex
from safetymap.people.identifiers import nhs_number_problem, normalise_nhs_number, upn_problem

# The furthest ahead an expected date of birth can be: a pregnancy lasts about 42 weeks at most.
MAX_WEEKS_TO_BIRTH = 42


class ChildDetailsForm(forms.Form):
    first_name = forms.CharField(
        label="First name",
        max_length=100,
        error_messages={"required": "Enter the child's first name"},
    )
    last_name = forms.CharField(
        label="Last name",
        max_length=100,
        error_messages={"required": "Enter the child's last name"},
    )
    known_as = forms.CharField(
        label="Known as (optional)",
        max_length=100,
        required=False,
        help_text="The name the child likes to be called, if different",
    )
    date_of_birth = GovukDateField(
        label="Date of birth", required=False, help_text="For example, 27 3 2019"
    )
    expected_date_of_birth = GovukDateField(
        label="Expected date of birth, for an unborn child",
        required=False,
        help_text="Only if the child has not been born yet",
    )
    nhs_number = forms.CharField(
        label="NHS number (optional)",
        required=False,
        help_text="10 numbers, like 943 476 5919",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
    )
    upn = forms.CharField(
        label="Unique pupil number (UPN) (optional)", required=False, help_text="13 characters"
    )
    sex = forms.ChoiceField(
        label="Sex", choices=Sex.choices, widget=forms.RadioSelect, initial=Sex.NOT_KNOWN
    )
    ethnicity = forms.ChoiceField(
        label="Ethnicity", choices=Ethnicity.choices, initial=Ethnicity.NOT_YET_OBTAINED
    )
    disabilities = forms.MultipleChoiceField(
        label="Disability (optional)",
        choices=Disability.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply",
    )
    first_language = forms.CharField(label="First language (optional)", required=False)
    interpreter_needed = forms.BooleanField(
        label="The child or family needs an interpreter", required=False
    )
    communication_needs = forms.CharField(
        label="Communication needs (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea,
        help_text="For example, uses Makaton, or needs information in easy read",
    )

    def clean_date_of_birth(self) -> datetime.date | None:
        value = self.cleaned_data["date_of_birth"]
        if value and value > timezone.localdate():
            raise forms.ValidationError(
                "Date of birth must be today or in the past. For an unborn child, enter the "
                "expected date of birth instead"
            )
        return value

    def clean_expected_date_of_birth(self) -> datetime.date | None:
        value = self.cleaned_data["expected_date_of_birth"]
        today = timezone.localdate()
        if value and value < today - datetime.timedelta(days=14):
            raise forms.ValidationError(
                "Expected date of birth is more than 2 weeks ago. If the child has been born, "
                "enter their date of birth instead"
            )
        if value and value > today + datetime.timedelta(weeks=MAX_WEEKS_TO_BIRTH):
            raise forms.ValidationError(
                f"Expected date of birth must be within {MAX_WEEKS_TO_BIRTH} weeks from today"
            )
        return value

    def clean_nhs_number(self) -> str:
        value = self.cleaned_data["nhs_number"].strip()
        if not value:
            return ""
        problem = nhs_number_problem(value)
        if problem:
            raise forms.ValidationError(problem)
        return normalise_nhs_number(value)

    def clean_upn(self) -> str:
        value = self.cleaned_data["upn"].strip().upper()
        if value and (problem := upn_problem(value)):
            raise forms.ValidationError(problem)
        return value

    def clean(self) -> dict:
        data = super().clean()
        has_dob = bool(data.get("date_of_birth"))
        has_edd = bool(data.get("expected_date_of_birth"))
        dates_valid = (
            "date_of_birth" not in self.errors and "expected_date_of_birth" not in self.errors
        )
        if dates_valid and not has_dob and not has_edd:
            # R36: every child has a date of birth, or an expected one if not yet born.
            self.add_error(
                "date_of_birth",
                "Enter the child's date of birth, or an expected date of birth if they have not "
                "been born yet",
            )
        if has_dob and has_edd:
            self.add_error(
                "expected_date_of_birth",
                "Leave the expected date of birth empty: the child has a date of birth",
            )
        return data


class ChildSearchForm(forms.Form):
    name = forms.CharField(
        label="Name", required=False, max_length=200, help_text="First name, last name, or both"
    )
    date_of_birth = GovukDateField(label="Date of birth (optional)", required=False)
    nhs_number = forms.CharField(label="NHS number (optional)", required=False, max_length=12)

    def clean(self) -> dict:
        data = super().clean()
        if not (data.get("name") or data.get("date_of_birth") or data.get("nhs_number")):
            self.add_error("name", "Enter a name, a date of birth or an NHS number to search for")
        return data


class EnquiryReasonForm(forms.Form):
    reason = forms.CharField(
        label="Why do you need to open this child's record?",
        max_length=500,
        widget=forms.Textarea,
        help_text="For example, 'Contact from school received today about this child'. "
        "This is kept in the record of who has looked at it.",
        error_messages={"required": "Enter why you need to open this child's record"},
    )
