from __future__ import annotations

from typing import Any

from django import forms

from safetymap.access.policy import ROLE_CAPABILITIES, Capability
from safetymap.accounts.models import User
from safetymap.accounts.roles import group_name
from safetymap.core.govuk_forms import date_field, text_area, too_long
from safetymap.core.pickers import PersonChoiceField
from safetymap.partnership.models import (
    BriefingFormat,
    BriefingStatus,
    BriefingTopic,
    Course,
    CourseType,
)
from safetymap.partnership.services import Outcome


def text(
    label: str, *, max_length: int = 200, required: bool = True, message: str = "", **kwargs: Any
):
    """A one-line text box with the design system's messages for missing and too long."""
    name = label[0].lower() + label[1:]
    return forms.CharField(
        label=label if required else f"{label} (optional)",
        max_length=max_length,
        required=required,
        error_messages={
            "required": message or f"Enter {name}",
            "max_length": too_long(label, max_length),
        },
        **kwargs,
    )


def long_text(label: str, *, max_length: int = 2000, required: bool = True, **kwargs: Any):
    return text_area(label, max_length=max_length, required=required, **kwargs)


class BriefingRequestForm(forms.Form):
    organisation = text(
        "Organisation or service", help_text="For example, a school or a GP practice"
    )
    contact_name = text("Your name")
    contact_role = text("Your role", required=False)
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
            "max_length": "Email address must be 254 characters or fewer",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = text("Phone number", max_length=40, required=False)
    audience = text(
        "Who is the briefing for?",
        message="Enter who the briefing is for",
        help_text="The team or service, for example a health visiting team",
    )
    audience_size = forms.IntegerField(
        label="About how many people would attend?",
        min_value=1,
        max_value=500,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": "Enter about how many people would attend",
            "invalid": "Number of people must be a number, like 12",
            "min_value": "Number of people must be 1 or more",
            "max_value": "Number of people must be 500 or fewer; for more, tell us in the notes",
        },
    )
    topics = forms.MultipleChoiceField(
        label="What would you like the briefing to cover?",
        choices=BriefingTopic.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply",
        error_messages={"required": "Select what you would like the briefing to cover"},
    )
    other_topics = long_text("Anything else to cover", required=False, max_length=1000)
    preferred_dates = long_text(
        "Which dates or times suit you?",
        max_length=1000,
        message="Enter which dates or times suit you",
        rows=3,
    )
    preferred_format = forms.ChoiceField(
        label="Would you like the briefing in person or online?",
        choices=BriefingFormat.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select in person, online or either"},
    )
    notes = long_text(
        "Anything else we should know",
        required=False,
        max_length=2000,
        hint="For example, practice issues your team meets. Do not include the names of "
        "children or families.",
    )
    consent_to_follow_up = forms.BooleanField(
        label="You may contact me about future briefings and training", required=False
    )


class DateForm(forms.Form):
    def __init__(self, *args: Any, label: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["on"] = date_field(label)


class ReasonForm(forms.Form):
    def __init__(self, *args: Any, label: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"] = long_text(label, max_length=2000, message="Enter the reason")


class CourseForm(forms.Form):
    course_type = forms.ChoiceField(
        label="Type of course",
        choices=CourseType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the type of course"},
    )
    title = text("Title", message="Enter the course title")
    audience = text("Who it is for", required=False)
    learning_outcomes = long_text(
        "Learning outcomes", required=False, hint="One outcome a line", max_length=3000
    )
    days = forms.DecimalField(
        label="Length in days",
        min_value=0.5,
        max_value=20,
        decimal_places=1,
        help_text="For example, 0.5 for half a day",
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        error_messages={
            "required": "Enter the length in days",
            "invalid": "Length must be a number, like 2 or 0.5",
            "min_value": "Length must be at least half a day",
            "max_value": "Length must be 20 days or fewer",
            "max_decimal_places": "Length must be in whole or half days, like 2 or 0.5",
        },
    )
    needs_manager_approval = forms.BooleanField(
        label="Bookings need the practitioner's manager to approve them",
        required=False,
        help_text="A booking then waits for the manager of the person's team before it takes "
        "a place",
    )


def trainers() -> Any:
    roles = [role for role, caps in ROLE_CAPABILITIES.items() if Capability.RUN_TRAINING in caps]
    return (
        User.objects.filter(is_active=True, groups__name__in=[group_name(r) for r in roles])
        .distinct()
        .order_by("full_name")
    )


class SessionForm(forms.Form):
    course = forms.ModelChoiceField(
        label="Course",
        queryset=Course.objects.order_by("title"),
        empty_label="Choose a course",
        error_messages={"required": "Select the course"},
    )
    starts_on = date_field("First day")
    ends_on = date_field("Last day", help_text="The same as the first day for a one-day session")
    online = forms.BooleanField(label="The session is online", required=False)
    venue = text("Venue", required=False)
    trainer = PersonChoiceField(
        label="Trainer",
        queryset=None,
        empty_label="Choose a trainer",
        error_messages={"required": "Select the trainer"},
    )
    trainer_is_licensed = forms.BooleanField(
        label="The trainer is a licensed Signs of Safety trainer", required=False
    )
    capacity = forms.IntegerField(
        label="Places",
        min_value=1,
        max_value=500,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": "Enter the number of places",
            "invalid": "Places must be a number, like 20",
            "min_value": "Places must be 1 or more",
            "max_value": "Places must be 500 or fewer",
        },
    )

    needs_manager_approval = forms.TypedChoiceField(
        label="Do bookings need the manager's approval?",
        choices=[
            ("", "As the course says"),
            ("yes", "Yes, for this session"),
            ("no", "No, not for this session"),
        ],
        coerce=lambda value: {"yes": True, "no": False}.get(value),
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["trainer"].queryset = trainers()


class AttendeeForm(forms.Form):
    name = text("Full name", message="Enter their full name")
    organisation_name = text("Organisation", message="Enter their organisation")


class AttendanceForm(forms.Form):
    """One question per person with a place: attended and completed, attended, or not."""

    def __init__(self, *args: Any, bookings: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for booking in bookings:
            who = booking.name + (
                f" ({booking.organisation_name})" if booking.organisation_name else ""
            )
            initial = None
            if booking.status == "ATTENDED":
                initial = Outcome.COMPLETED if booking.completed else Outcome.ATTENDED
            elif booking.status == "NO_SHOW":
                initial = Outcome.NO_SHOW
            self.fields[f"booking_{booking.pk}"] = forms.ChoiceField(
                label=who,
                choices=Outcome.CHOICES,
                widget=forms.RadioSelect,
                initial=initial,
                error_messages={"required": f"Select whether {booking.name} attended"},
            )

    def outcomes(self) -> dict[int, str]:
        return {int(name.removeprefix("booking_")): v for name, v in self.cleaned_data.items()}


class StoryForm(forms.Form):
    title = text(
        "Title",
        message="Enter a title",
        help_text="A few words about the work, not about who it was with",
    )
    working_well = long_text("What worked well?", max_length=3000, message="Enter what worked well")
    worried_about = long_text(
        "What were you worried about?",
        max_length=3000,
        message="Enter what you were worried about",
    )
    needs_to_happen = long_text(
        "What needs to happen next?", max_length=3000, message="Enter what needs to happen next"
    )


class ModerationForm(forms.Form):
    decision = forms.ChoiceField(
        label="What would you like to do?",
        choices=[("PUBLISH", "Publish the story"), ("RETURN", "Return it to the author")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select publish or return"},
    )
    reason = long_text(
        "Why is it returned?",
        required=False,
        max_length=2000,
        hint="Only if you return it. The author sees this.",
    )


class BookingDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Do you approve this booking?",
        choices=[("APPROVE", "Yes, approve it"), ("DECLINE", "No, do not approve it")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether you approve the booking"},
    )
    reason = long_text(
        "Why is it not approved?",
        required=False,
        max_length=2000,
        hint="Only if you do not approve it. The person who booked sees this.",
    )


class SessionFilterForm(forms.Form):
    course_type = forms.ChoiceField(
        label="Type of course", required=False, choices=[("", "Any"), *CourseType.choices]
    )


class BriefingRequestFilterForm(forms.Form):
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Any"), *BriefingStatus.choices]
    )
