from __future__ import annotations

from django import forms

from safetymap.core.govuk_forms import council_reference, date_field, text_area, too_long
from safetymap.retention import schedule
from safetymap.retention.models import HoldReason, ReviewDecision


def _number(label: str, *, what: str, low: int, high: int, hint: str = "") -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=low,
        max_value=high,
        help_text=hint,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        error_messages={
            "required": f"Enter the number of {what}",
            "invalid": f"{what.capitalize()} must be a number, like 6",
            "min_value": f"{what.capitalize()} must be {low} or more",
            "max_value": f"{what.capitalize()} must be {high} or fewer",
        },
    )


class ScheduleForm(forms.Form):
    anchor = forms.ChoiceField(
        label="Counted from",
        widget=forms.RadioSelect,
        error_messages={"required": "Select the date the period is counted from"},
    )
    years = _number("Years", what="years", low=0, high=150)
    months = _number("Months", what="months", low=0, high=11, hint="0 to 11")
    policy_reference = forms.CharField(
        label="Where the council's policy says this (optional)",
        help_text="For example, Records retention schedule 2026, section 4.2",
        required=False,
        max_length=300,
        error_messages={"max_length": too_long("Where the council's policy says this", 300)},
    )

    def __init__(self, *args, record_type: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        anchors = schedule.ANCHORS_FOR[schedule.RecordType(record_type)]
        self.fields["anchor"].choices = [(a.value, schedule.ANCHOR_LABELS[a]) for a in anchors]


class HoldForm(forms.Form):
    la_child_id = council_reference()
    reason = forms.ChoiceField(
        label="Why must the record be kept?",
        choices=HoldReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select why the record must be kept"},
    )
    note = text_area(
        "Anything else the privacy officers should know",
        required=False,
        hint="For example, the case number or who asked. Do not write about the child here.",
        max_length=1000,
    )


class ReleaseForm(forms.Form):
    reason = text_area(
        "Why can the hold be released?",
        hint="For example, the proceedings ended on 3 March 2026",
        message="Enter why the hold can be released",
        max_length=1000,
    )


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label="What should happen to this record?",
        choices=ReviewDecision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether to approve it for destruction"},
    )
    reason = text_area(
        "Reason",
        required=False,
        hint="Needed if you keep it for now: for example, a sibling's proceedings may need it",
        max_length=2000,
    )
    deferred_until = date_field(
        "If you keep it for now, when should it be reviewed again?", required=False
    )


class DestroyForm(forms.Form):
    confirm_reference = forms.CharField(
        label="Type the record's council reference to confirm",
        max_length=20,
        error_messages={
            "required": "Type the record's council reference to confirm",
            "max_length": too_long("The council reference", 20),
        },
    )
