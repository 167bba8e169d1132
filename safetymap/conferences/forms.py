from __future__ import annotations

from django import forms

from safetymap.accounts.models import User
from safetymap.accounts.roles import Role, group_name
from safetymap.cases.codes import CategoryOfAbuse
from safetymap.conferences.codes import (
    AGENDA_CHOICES,
    REVIEW_OUTCOME_CHOICES,
    Attendance,
    ConferenceType,
    Outcome,
    Recommendation,
    RespondentType,
    ViewsKind,
)
from safetymap.core.govuk_forms import date_field, text_area
from safetymap.core.pickers import PersonChoiceField

YES_NO = [("yes", "Yes"), ("no", "No")]


def _yes_no(label: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=f"{label} (optional)",
        choices=YES_NO,
        coerce=lambda v: v == "yes",
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )


def _active() -> object:
    return User.objects.filter(is_active=True).select_related("organisation").order_by("full_name")


class RequestForm(forms.Form):
    conference_type = forms.ChoiceField(
        label="What kind of conference?",
        choices=ConferenceType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of conference"},
    )
    children = forms.ModelMultipleChoiceField(
        label="Which children is it about?",
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text="Consider every child in the household together",
        error_messages={"required": "Select the children the conference is about"},
    )
    reason = text_area("Why is the conference needed?", message="Say why the conference is needed")

    def __init__(self, *args, children, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["children"].queryset = children


class ScheduleForm(forms.Form):
    scheduled_on = date_field("Date of the conference")
    starts_at = forms.TimeField(
        label="Start time (optional)", required=False, help_text="For example, 10:00"
    )
    venue = forms.CharField(label="Where (optional)", required=False, max_length=300)
    chair = PersonChoiceField(
        label="Conference chair", queryset=None, required=False, empty_label="Choose the chair"
    )
    minute_taker = PersonChoiceField(
        label="Minute taker (optional)", queryset=None, required=False, empty_label="None"
    )
    late_reason = text_area("If the date is after the due date, why?", required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["chair"].queryset = _active().filter(
            groups__name=group_name(Role.CONFERENCE_CHAIR)
        )
        self.fields["minute_taker"].queryset = _active().filter(
            groups__name=group_name(Role.BUSINESS_SUPPORT)
        )


class InviteProfessionalForm(forms.Form):
    person = PersonChoiceField(
        label="Who are you inviting?",
        queryset=None,
        empty_label="Choose a person",
        error_messages={"required": "Choose the person to invite"},
    )
    role = forms.CharField(
        label="Their role (optional)",
        required=False,
        max_length=200,
        help_text="For example, designated safeguarding lead",
    )
    report_requested = forms.BooleanField(
        label="Ask their agency for a report", required=False, initial=True
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = _active().exclude(
            groups__name=group_name(Role.SYSTEM_ADMINISTRATOR)
        )
        self.fields["person"].label_from_instance = lambda u: (
            f"{u.full_name}, {u.organisation.name}" if u.organisation else u.full_name
        )


class InviteFamilyForm(forms.Form):
    name = forms.CharField(
        label="Their name", max_length=200, error_messages={"required": "Enter their name"}
    )
    relationship = forms.CharField(
        label="How are they related to the children?",
        max_length=200,
        help_text="For example, mother, grandad, or the child themselves",
        error_messages={"required": "Say how they are related to the children"},
    )
    respondent_type = forms.ChoiceField(
        label="Are they a parent or carer, or a child or young person?",
        choices=[c for c in RespondentType.choices if c[0] != RespondentType.PROFESSIONAL],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose parent or carer, or child or young person"},
    )
    email = forms.EmailField(
        label="Email address (optional)",
        required=False,
        help_text="Without one, give them the invitation by hand or by post",
    )


class StopForm(forms.Form):
    cancel = forms.TypedChoiceField(
        label="Postpone or cancel?",
        choices=[("no", "Postpone it: it will be given a new date"), ("yes", "Cancel it")],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose postpone or cancel"},
    )
    reason = text_area("The chair's reason", message="Give the reason")


class ReportForm(forms.Form):
    involvement = text_area(
        "Summary of your agency's involvement",
        required=False,
        hint="Why you are involved, since when, what help you offered and whether it helped",
    )
    past_harm = text_area("What are we worried about? The harm that has happened", required=False)
    future_danger = text_area(
        "What could happen to the children if nothing changes?", required=False
    )
    complicating_factors = text_area(
        "Complicating factors (optional)",
        required=False,
        hint="Things in the adults' lives that make it harder to keep the children safe",
    )
    working_well = text_area(
        "What is working well?", required=False, hint="Strengths and safety already there"
    )
    needs_to_happen = text_area(
        "What needs to happen?",
        required=False,
        hint="What you would need to see to know the children are safe, and your part in it",
    )
    child_views = text_area("The child's views (optional)", required=False)
    family_views = text_area("The family's views (optional)", required=False)
    recommendation = forms.ChoiceField(
        label="Your agency's recommendation (optional)",
        choices=[("", "No recommendation"), *Recommendation.choices],
        required=False,
    )
    shared_with_family_on = date_field(
        "Date you shared this report with the family", required=False
    )
    not_shared_reason = text_area(
        "If you have not shared it, the reason agreed with the chair",
        required=False,
        hint="Reports are shared with the family unless the chair agrees otherwise beforehand",
    )
    restricted_information = text_area(
        "Information only the chair and children's social care may see (optional)",
        required=False,
        hint="Information from a third party, or police information that must not be shared. "
        "It is not shared with the family or the other agencies, and is left out of the "
        "conference record",
    )

    def __init__(self, *args, children, allow_recommendation: bool = True, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.children = list(children)
        for child in self.children:
            self.fields[f"scale_{child.pk}"] = forms.IntegerField(
                label=f"Scale for {child.first_name}, from 0 to 10",
                required=False,
                min_value=0,
                max_value=10,
                help_text="0 means so unsafe the child needs to live elsewhere; 10 means safe "
                "enough to close",
                error_messages={
                    "invalid": "Enter a whole number from 0 to 10",
                    "min_value": "The scale must be 0 to 10",
                    "max_value": "The scale must be 0 to 10",
                },
            )
            self.fields[f"reason_{child.pk}"] = text_area(
                f"Why that number for {child.first_name}?", required=False, rows=3
            )
        if not allow_recommendation:
            del self.fields["recommendation"]
        # Needed to submit, not to save a draft: the service says what is missing on submission.
        for name in (
            "involvement",
            "past_harm",
            "future_danger",
            "working_well",
            "needs_to_happen",
        ):
            self.fields[name].label = self.fields[name].label.replace(" (optional)", "")

    def report_fields(self) -> dict:
        return {
            k: v for k, v in self.cleaned_data.items() if not k.startswith(("scale_", "reason_"))
        }

    def scales(self) -> dict[int, tuple[int | None, str]]:
        return {
            c.pk: (
                self.cleaned_data.get(f"scale_{c.pk}"),
                self.cleaned_data.get(f"reason_{c.pk}", ""),
            )
            for c in self.children
        }


class HeldForm(forms.Form):
    held_on = date_field("Date the conference was held")
    late_reason = text_area("If it was held after its due date, why?", required=False)


class RecordForm(forms.Form):
    chair_met_family = _yes_no("Did the chair meet the family before the conference?")
    family_and_network = text_area("Family and network", required=False)
    brought_here = text_area("What has brought us here?", required=False)
    parents_views = text_area("The parents' views", required=False)
    core_group_members = text_area("Core group members", required=False)
    first_core_group_on = date_field("Date of the first core group", required=False)
    next_review_on = date_field("Date of the review conference", required=False)
    contingency = text_area("What happens if things do not change (contingency)", required=False)
    understanding_checked = _yes_no("Did the chair check the family understood what happens next?")


class AttendanceForm(forms.Form):
    attendance = forms.ChoiceField(
        label="Attendance",
        choices=Attendance.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose their attendance"},
    )
    excluded_from = forms.MultipleChoiceField(
        label="If excluded from part, which parts? (optional)",
        choices=AGENDA_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The record they receive leaves these parts out",
    )
    exclusion_reason = text_area("The chair's reason for the exclusion", required=False, rows=3)


class ChildViewsForm(forms.Form):
    kind = forms.ChoiceField(
        label="How do the child's views reach the conference?",
        choices=ViewsKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how the child's views reach the conference"},
    )
    voice_record = forms.TypedChoiceField(
        label="Which record of the child's voice? (optional)",
        choices=[],
        coerce=int,
        empty_value=None,
        required=False,
    )
    text = text_area("The child's views, or what was observed", required=False)

    def __init__(self, *args, records, voice_records: bool = True, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["voice_record"].choices = [("", "None"), *((r.pk, str(r)) for r in records)]
        if not voice_records:  # the chair writes the views as the meeting heard them
            self.fields["kind"].choices = [
                (value, label)
                for value, label in ViewsKind.choices
                if value != ViewsKind.VOICE_RECORD
            ]
            del self.fields["voice_record"]

    def clean(self) -> dict:
        data = super().clean()
        data.setdefault("voice_record", None)
        return data


class DecisionForm(forms.Form):
    """The decision for one child. For a plan, R12 asks for every part; the pathway's own
    service (cases.services.start_cp_plan) checks them all at once."""

    outcome = forms.ChoiceField(
        label="The chair's decision",
        choices=Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the decision"},
    )
    reason = text_area(
        "Why? (the threshold test)",
        message="Say why",
        hint="Has the child suffered, or are they likely to suffer, significant harm?",
    )
    agency_views = text_area("Each agency's view (optional)", required=False, rows=3)
    category = forms.ChoiceField(
        label="Category of abuse (for a plan)",
        choices=[("", "Choose a category"), *CategoryOfAbuse.choices],
        required=False,
    )
    lead_social_worker = PersonChoiceField(
        label="Lead social worker (for a plan)",
        queryset=None,
        required=False,
        empty_label="Choose the lead social worker",
    )
    core_group_members = text_area("Core group (for a plan)", required=False, rows=3)
    first_core_group_on = date_field("Date of the first core group (for a plan)", required=False)
    first_review_on = date_field("Date of the first review conference (for a plan)", required=False)
    outline_action = text_area(
        "First action in the outline plan (for a plan)", required=False, rows=3
    )
    outline_action_owner = forms.CharField(label="Who will do it?", required=False, max_length=200)
    outline_action_due = date_field("By when?", required=False)
    dissent_by = forms.CharField(
        label="Who disagreed with the decision? (optional)",
        required=False,
        max_length=300,
        help_text="Name and agency",
    )
    dissent_summary = text_area("What did they say? (optional)", required=False, rows=3)

    PLAN_FIELDS = (
        "category",
        "lead_social_worker",
        "core_group_members",
        "first_core_group_on",
        "first_review_on",
        "outline_action",
        "outline_action_owner",
        "outline_action_due",
        "dissent_by",
        "dissent_summary",
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead_social_worker"].queryset = _active().filter(
            groups__name=group_name(Role.SOCIAL_WORKER)
        )
        for name in ("core_group_members", "outline_action"):
            self.fields[name].label = self.fields[name].label.replace(" (optional)", "")

    def plan(self) -> dict:
        data = {name: self.cleaned_data.get(name) for name in self.PLAN_FIELDS}
        for name in (
            "core_group_members",
            "outline_action",
            "outline_action_owner",
            "dissent_by",
            "dissent_summary",
            "category",
        ):
            data[name] = data[name] or ""
        return data


class ReviewDecisionForm(forms.Form):
    """The decision for one child at a review conference: the plan continues (its category
    changed if need be) or ends, stepping down to a child in need plan, early help, or no
    further action. The first core group and first review belong to the initial conference."""

    outcome = forms.ChoiceField(
        label="The chair's decision",
        choices=REVIEW_OUTCOME_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the decision"},
    )
    reason = text_area(
        "Why?",
        message="Say why",
        hint="Is the child still likely to suffer significant harm if the plan ends?",
    )
    agency_views = text_area("Each agency's view (optional)", required=False, rows=3)
    category = forms.ChoiceField(
        label="Category of abuse, if the plan continues",
        choices=CategoryOfAbuse.choices,
        required=False,
        help_text="Change it if the main worry is now a different one",
    )
    exceptional_circumstances = text_area(
        "If the plan ends at its first review: the exceptional circumstances",
        required=False,
        rows=3,
    )

    def plan(self) -> dict:
        return {
            "category": self.cleaned_data.get("category") or "",
            "exceptional_circumstances": self.cleaned_data.get("exceptional_circumstances") or "",
        }
