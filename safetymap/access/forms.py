from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone

from safetymap.access.models import RestrictionReason, ReviewOutcome
from safetymap.access.policy import case_holders
from safetymap.accounts.models import User
from safetymap.core.govuk_forms import council_reference, date_field, text_area, too_long
from safetymap.core.pickers import PeopleChoiceField, PersonChoiceField


class EmergencyAccessForm(forms.Form):
    la_child_id = council_reference()
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
    people = PeopleChoiceField(
        label="Who else may see it?",
        help_text="You, the allocated worker and their team manager can always see it",
        queryset=User.objects.filter(is_active=True).order_by("full_name"),
        required=False,
    )

    def __init__(self, *args, organisation=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if organisation is not None:  # colleagues in the same organisation
            self.fields["people"].queryset = self.fields["people"].queryset.filter(
                organisation=organisation
            )
        self.fields["people"].label_from_instance = lambda u: f"{u.full_name}, {u.job_title}"


class DutyShiftForm(forms.Form):
    worker = PersonChoiceField(
        label="Who is on duty?",
        queryset=None,
        empty_label="Choose a person",
        error_messages={
            "required": "Choose who is on duty",
            "invalid_choice": "Choose a social worker, front door practitioner or manager",
        },
    )
    starts_on = date_field("Date the shift starts")
    starts_at = forms.TimeField(
        label="Time it starts",
        help_text="For example, 17:00",
        error_messages={
            "required": "Enter the time the shift starts",
            "invalid": "Enter the time the shift starts like 17:00",
        },
    )
    ends_on = date_field("Date the shift ends")
    ends_at = forms.TimeField(
        label="Time it ends",
        help_text="For example, 08:30",
        error_messages={
            "required": "Enter the time the shift ends",
            "invalid": "Enter the time the shift ends like 08:30",
        },
    )

    def __init__(self, *args, by: User | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        holders = case_holders()
        if by is not None:  # nobody puts themselves on the rota (services.record_duty_shift)
            holders = holders.exclude(pk=by.pk)
        self.fields["worker"].queryset = holders

    def shift_times(self) -> dict[str, datetime.datetime]:
        """The start and end as times in the council's time zone."""
        data = self.cleaned_data

        def at(day: datetime.date, time: datetime.time) -> datetime.datetime:
            return timezone.make_aware(datetime.datetime.combine(day, time))

        return {
            "starts_at": at(data["starts_on"], data["starts_at"]),
            "ends_at": at(data["ends_on"], data["ends_at"]),
        }


class EndDutyShiftForm(forms.Form):
    """Nothing to fill in: the button confirms it."""
