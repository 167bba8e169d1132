from __future__ import annotations

import datetime

from django import forms
from django.db import models
from django.utils import timezone

from safetymap.access.policy import case_holders
from safetymap.accounts.models import Organisation, Team, User
from safetymap.accounts.roles import Role, group_name
from safetymap.cases.codes import (
    AssessmentOutcome,
    CategoryOfAbuse,
    ChildInNeedPlanOutcome,
    ClosureReason,
    ConsentStatus,
    ContactChannel,
    ContactDecision,
    MeetingFormat,
    NoteType,
    PlanEndReason,
    PrimaryNeed,
    ReferralSource,
    Section47Decision,
    Section47Outcome,
    Significance,
)
from safetymap.core.govuk_forms import GovukDateField, date_field, text_area, too_long
from safetymap.core.pickers import PersonChoiceField
from safetymap.people.matching import PersonDetails

CHILDREN_NEEDED = "Add the children the contact is about: find each one, or record a new child"


class ContactForm(forms.Form):
    # The children are found by search (or recorded) in steps of their own, and carried in the
    # form as hidden values (cases/contact_drafts.py keeps the rest while the person is away).
    children = forms.ModelMultipleChoiceField(
        label="Who is the contact about?",
        queryset=None,
        widget=forms.MultipleHiddenInput,
        error_messages={
            "required": CHILDREN_NEEDED,
            "invalid_choice": "One of the children added cannot be found. Find them again",
            "invalid_pk_value": "One of the children added cannot be found. Find them again",
        },
    )
    received_on = date_field("Date the contact was received")
    channel = forms.ChoiceField(
        label="How did it come in?",
        choices=ContactChannel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how the contact came in"},
    )
    referrer_name = forms.CharField(
        label="Referrer's name",
        max_length=200,
        error_messages={"required": "Enter the referrer's name"},
    )
    referrer_organisation = forms.ModelChoiceField(
        label="Referrer's organisation (optional)",
        queryset=Organisation.objects.filter(is_active=True),
        required=False,
        empty_label="Not from an organisation",
    )
    referrer_role = forms.CharField(
        label="Referrer's role (optional)", required=False, max_length=200
    )
    referrer_contact = forms.CharField(
        label="Referrer's phone or email (optional)", required=False, max_length=200
    )
    worried_about = text_area(
        "What is the referrer worried about?", message="Enter what the referrer is worried about"
    )
    working_well = text_area("What does the referrer think is working well?", required=False)
    needs_to_happen = text_area("What does the referrer think needs to happen?", required=False)
    referrer_scale = forms.TypedChoiceField(
        label="On a scale of 0 to 10, where would the referrer put things? (optional)",
        help_text="10 means the child is safe enough for no one to be worried; 0 means the "
        "child is sure to be hurt again",
        choices=[("", "Not asked")] + [(str(n), str(n)) for n in range(11)],
        coerce=int,
        empty_value=None,
        required=False,
    )
    consent = forms.ChoiceField(
        label="Does the family know about the contact?",
        choices=ConsentStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the family agreed"},
    )
    immediate_risk = forms.BooleanField(
        label="The child may be at immediate risk of harm", required=False
    )

    def __init__(self, *args, children, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["children"].queryset = children
        self.fields["children"].label_from_instance = lambda child: (
            f"{child.full_name}, {child.la_child_id}"
        )

    def clean_received_on(self) -> datetime.date:
        value = self.cleaned_data["received_on"]
        if value and value > timezone.localdate():
            raise forms.ValidationError(
                "Date the contact was received must be today or in the past"
            )
        return value


class ContactChildSearchForm(forms.Form):
    """Find the child a contact is about among those this person may search."""

    name = forms.CharField(
        label="Name",
        required=False,
        max_length=200,
        help_text="First name and last name, or either",
        error_messages={
            "max_length": too_long("Name", 200),
            "null_characters_not_allowed": "Name must only include letters, spaces, hyphens "
            "and apostrophes",
        },
    )
    date_of_birth = GovukDateField(label="Date of birth (optional)", required=False)
    nhs_number = forms.CharField(
        label="NHS number (optional)",
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
        error_messages={
            "max_length": too_long("NHS number", 20),
            "null_characters_not_allowed": "NHS number must only include numbers and spaces",
        },
    )

    def clean(self) -> dict:
        data = super().clean()
        if not self.errors and not (
            data.get("name", "").strip() or data.get("date_of_birth") or data.get("nhs_number")
        ):
            self.add_error("name", "Enter a name, a date of birth or an NHS number to search for")
        return data

    def query(self) -> PersonDetails:
        """What was typed, as matching compares it: one word is taken as a last name."""
        words = self.cleaned_data["name"].split()
        return PersonDetails(
            first_name=words[0] if len(words) > 1 else "",
            last_name=words[-1] if words else "",
            date_of_birth=self.cleaned_data["date_of_birth"],
            nhs_number="".join(self.cleaned_data["nhs_number"].split()),
        )


class ContactDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Decision",
        choices=ContactDecision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select a decision"},
    )
    rationale = text_area("Why was this decision made?", message="Enter why this decision was made")
    referral_source = forms.ChoiceField(
        label="Who made the referral? (if the decision starts an episode)",
        choices=[("", "Choose")] + list(ReferralSource.choices),
        required=False,
    )
    primary_need = forms.ChoiceField(
        label="Primary need (if the decision starts an episode)",
        choices=PrimaryNeed.choices,
        initial=PrimaryNeed.N0,
        required=False,
    )
    late_reason = text_area("If the decision is late, why?", required=False)
    team = forms.ModelChoiceField(
        label="Which team takes it on? (if the decision starts an episode)",
        help_text="It waits in the team's queue until the team manager allocates a worker",
        queryset=Team.objects.none(),
        required=False,
        empty_label="Choose a team",
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Only a team with a manager can take work on: someone has to see its queue.
        teams = Team.objects.filter(is_active=True, manager__isnull=False).order_by("name")
        self.fields["team"].queryset = teams
        default = teams.filter(receives_new_referrals=True).first()
        if default is not None:
            self.fields["team"].initial = default.pk


class StartForm(forms.Form):
    started_on = date_field("Start date")


class AssessmentCompleteForm(forms.Form):
    completed_on = date_field("Date completed")
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=AssessmentOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the outcome"},
    )
    analysis = text_area("Analysis", message="Enter the analysis")
    overdue_reason = text_area("If the assessment is late, why?", required=False)


class StrategyDiscussionForm(forms.Form):
    held_on = date_field("Date of the strategy discussion")
    meeting_format = forms.ChoiceField(
        label="How was it held?",
        choices=MeetingFormat.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how it was held"},
    )
    social_care_took_part = forms.BooleanField(
        label="Children's social care took part", required=False, initial=True
    )
    police_took_part = forms.BooleanField(label="The police took part", required=False)
    health_took_part = forms.BooleanField(label="Health took part", required=False)
    participants = text_area(
        "Who took part?", hint="Name, role and agency of each person", message="Enter who took part"
    )
    missing_agency_reason = text_area(
        "If children's social care, the police or health did not take part, why?", required=False
    )
    children_considered = forms.ModelMultipleChoiceField(
        label="Which children were considered?",
        help_text="Every child in the household must be considered",
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select the children who were considered"},
    )
    information_shared = text_area("Information shared", required=False)
    section_47_decision = forms.ChoiceField(
        label="Decision",
        choices=Section47Decision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the decision"},
    )

    def __init__(self, *args, children, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["children_considered"].queryset = children
        self.fields["children_considered"].label_from_instance = lambda child: child.full_name


class EnquiryCompleteForm(forms.Form):
    completed_on = date_field("Date completed")
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=Section47Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the outcome"},
    )  # R11
    findings = text_area("Findings", message="Enter the findings")


class CpPlanStartForm(forms.Form):
    """The initial conference's decision (R12–R14); the service checks every rule at once."""

    started_on = date_field("Date of the initial conference")
    category = forms.ChoiceField(
        label="Category of abuse",
        choices=CategoryOfAbuse.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the category of abuse"},
    )
    chair = PersonChoiceField(
        label="Conference chair", queryset=None, required=False, empty_label="Choose the chair"
    )
    threshold_rationale = text_area(
        "Why does the child need a child protection plan?", required=False
    )
    lead_social_worker = PersonChoiceField(
        label="Lead social worker",
        queryset=None,
        required=False,
        empty_label="Choose the lead social worker",
    )
    core_group_members = text_area(
        "Who is in the core group?",
        required=False,
        hint="Family members and professionals, with agency",
    )
    first_core_group_on = date_field("Date of the first core group", required=False)
    first_review_on = date_field("Date of the first review conference", required=False)
    outline_action = text_area("First action in the outline plan", required=False)
    outline_action_owner = forms.CharField(label="Who will do it?", required=False, max_length=200)
    outline_action_due = date_field("By when?", required=False)
    dissent_by = forms.CharField(
        label="Who disagreed with the decision? (optional)",
        required=False,
        max_length=300,
        help_text="Name and agency",
    )
    dissent_summary = text_area("What did they say? (optional)", required=False)
    conference_late_reason = text_area(
        "If the conference was held after its due date, why?", required=False
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        active = User.objects.filter(is_active=True).order_by("full_name")
        self.fields["chair"].queryset = active.filter(
            groups__name=group_name(Role.CONFERENCE_CHAIR)
        )
        self.fields["lead_social_worker"].queryset = active.filter(
            groups__name=group_name(Role.SOCIAL_WORKER)
        )
        for name in ("threshold_rationale", "core_group_members", "outline_action"):
            self.fields[name].label = self.fields[name].label.replace(" (optional)", "")


class CpPlanEndForm(forms.Form):
    ended_on = date_field("Date the plan ended")
    reason = forms.ChoiceField(
        label="Why did the plan end?",
        choices=PlanEndReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select why the plan ended"},
    )
    agencies_consulted = text_area(
        "Agencies consulted",
        required=False,
        hint="Needed when the plan ends outside a review conference",
    )


class TransferInForm(forms.Form):
    notified_on = date_field("When was this council told that the child had moved here?")
    from_authority = forms.CharField(
        label="Which council's child protection plan is the child on?",
        max_length=200,
        error_messages={"required": "Enter the council the child moved from"},
    )
    their_plan_started_on = date_field("When did their plan start?")
    their_category = forms.ChoiceField(
        label="Category of abuse on their plan",
        choices=CategoryOfAbuse.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the category of abuse"},
    )


class TransferInWithoutPlanForm(forms.Form):
    held_on = date_field("Date of the transfer-in conference")
    late_reason = text_area("If the conference was held after its due date, why?", required=False)


class WorkerChoiceField(PersonChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj.full_name}, {obj.job_title}" if obj.job_title else obj.full_name


class AllocateForm(forms.Form):
    """The worker picker lists only people who may hold a case (access.policy.case_holders),
    the team's own members first."""

    worker = WorkerChoiceField(
        label="Worker",
        queryset=User.objects.none(),
        empty_label="Choose a worker",
        error_messages={
            "required": "Choose the worker",
            "invalid_choice": "Choose a social worker, front door practitioner or manager",
        },
    )
    team = forms.ModelChoiceField(
        label="Team",
        queryset=Team.objects.filter(is_active=True),
        empty_label="Choose a team",
        error_messages={"required": "Choose the team"},
    )
    started_on = date_field("Allocated from")

    def __init__(self, *args, team: Team | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        holders = case_holders()
        if team is not None:
            self.fields["team"].initial = team.pk
            members = team.members.values("pk")
            holders = holders.annotate(
                in_team=models.Exists(members.filter(pk=models.OuterRef("pk")))
            ).order_by("-in_team", "full_name")
            self.fields["worker"].help_text = f"Members of {team.name} are listed first"
            self.fields["worker"].first = team.members.all()  # all of them, however many
        self.fields["worker"].queryset = holders
        self.fields["started_on"].initial = timezone.localdate()


class TransferForm(forms.Form):
    to_team = forms.ModelChoiceField(
        label="Which team should take the episode on?",
        queryset=Team.objects.filter(is_active=True, manager__isnull=False),
        empty_label="Choose a team",
        error_messages={"required": "Choose the team"},
    )
    reason = text_area(
        "Why should it move?",
        hint="The receiving team's manager reads this before accepting",
        message="Say why the episode should move to this team",
    )


class ReasonForm(forms.Form):
    reason = text_area("Why?", message="Enter the reason")


class AuthorisationForm(forms.Form):
    decision = forms.ChoiceField(
        label="Your decision",
        choices=[
            ("authorise", "Authorise it"),
            ("return", "Return it to the worker"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether to authorise it or return it"},
    )
    comment = text_area(
        "Your reasons",
        required=False,
        hint="If you return it, say what needs to change: the worker sees this",
    )


class OversightForm(forms.Form):
    recorded_on = date_field("Date")
    is_supervision = forms.TypedChoiceField(
        label="What was it?",
        choices=[("False", "Management oversight"), ("True", "Supervision")],
        coerce=lambda value: value == "True",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose management oversight or supervision"},
    )
    summary = text_area("What was discussed and decided?", message="Enter what was decided")
    direction = text_area(
        "Direction for the worker", required=False, hint="What needs to happen next"
    )
    direction_for = WorkerChoiceField(
        label="Who is the direction for? (if you give one)",
        queryset=User.objects.none(),
        required=False,
        empty_label="Choose a worker",
    )
    direction_due = date_field("When is the direction due? (if you give one)", required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["direction_for"].queryset = case_holders()
        self.fields["recorded_on"].initial = timezone.localdate()


class DoneForm(forms.Form):
    done_on = date_field("When was it done?")


class CloseEpisodeForm(forms.Form):
    closure_date = date_field("Closure date")
    reason = forms.ChoiceField(
        label="Reason for closure",
        choices=ClosureReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the reason for closure"},
    )
    summary = text_area(
        "Closure summary",
        hint="What has changed, and why the case can close",
        message="Enter the closure summary",
    )
    explained_to_child = text_area(
        "How was the closure explained to the child?",
        message="Enter how the closure was explained to the child",
    )
    network_continuation = text_area(
        "What will the safety network carry on doing?",
        required=False,
        hint="Needed when the child had a child in need or child protection plan",
    )


class CoreGroupForm(forms.Form):
    held_on = date_field("Date of the meeting")
    attended_by = text_area(
        "Who attended?",
        hint="Family members and professionals, with agency",
        message="Enter who attended",
    )
    notes = text_area("What was agreed", required=False)
    late_reason = text_area("If the meeting is late, why?", required=False)


class ReviewConferenceForm(forms.Form):
    held_on = date_field("Date of the review conference")
    plan_continues = forms.TypedChoiceField(
        label="Does the child protection plan continue?",
        choices=[("yes", "Yes, the plan continues"), ("no", "No, the plan ends")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the plan continues"},
    )
    latest_category = forms.ChoiceField(
        label="Category of abuse",
        choices=CategoryOfAbuse.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the category"},
    )
    summary = text_area("Summary of the conference's decision", message="Enter the summary")
    late_reason = text_area("If the conference is late, why?", required=False)
    exceptional_circumstances = text_area(
        "If the plan ends at the first review conference, the exceptional circumstances",
        required=False,
    )


class CaseNoteForm(forms.Form):
    happened_on = date_field("Date")
    note_type = forms.ChoiceField(
        label="Type",
        choices=NoteType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the type of note"},
    )
    text = text_area("Note", message="Enter the note")


class SignificantEventForm(forms.Form):
    occurred_on = date_field("When did it happen?")
    what_happened = text_area("What happened?", message="Enter what happened")
    source = forms.CharField(
        label="Where did the information come from?",
        max_length=300,
        help_text="For example, 'Police notification' or 'Amara told her teacher'",
        error_messages={"required": "Enter where the information came from"},
    )
    impact_on_child = text_area(
        "What was the impact on the child?", message="Enter the impact on the child"
    )
    significance = forms.ChoiceField(
        label="How significant is it?",
        choices=Significance.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how significant it is"},
    )


class ContactQueueFilterForm(forms.Form):
    only = forms.MultipleChoiceField(
        label="Show only",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[
            ("overdue", "Contacts whose decision is overdue"),
            ("immediate_risk", "Contacts about a child who may be at immediate risk"),
        ],
    )


class ChronologyFilterForm(forms.Form):
    kinds = forms.MultipleChoiceField(
        label="Show", required=False, widget=forms.CheckboxSelectMultiple
    )
    start = date_field("From", required=False)
    end = date_field("To", required=False)

    def __init__(self, *args, **kwargs) -> None:
        from safetymap.cases.chronology import KINDS

        super().__init__(*args, **kwargs)
        self.fields["kinds"].choices = list(KINDS.items())

    def clean(self) -> dict:
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", "To must be the same as or after From")
        return data


class CoreGroupMemberForm(forms.Form):
    member = PersonChoiceField(
        label="Who is joining the core group?",
        help_text=(
            "They will see this plan, its actions and the child's conference papers while they "
            "are in the core group and the plan is open. They will not see the rest of the record."
        ),
        queryset=None,
        empty_label="Choose a person",
        error_messages={"required": "Choose the person joining the core group"},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = (
            User.objects.filter(is_active=True)
            .exclude(groups__name=group_name(Role.SYSTEM_ADMINISTRATOR))
            .select_related("organisation")
            .order_by("full_name")
        )
        self.fields["member"].label_from_instance = lambda u: (
            f"{u.full_name}, {u.organisation.name}" if u.organisation else u.full_name
        )


class LeaveCoreGroupForm(forms.Form):
    """Nothing to fill in: the button confirms it."""


class ChildInNeedReviewForm(forms.Form):
    held_on = date_field("Date of the review")
    summary = text_area(
        "What did the review find, and what happens next?",
        message="Say what the review found and what happens next",
    )
    late_reason = text_area("If the review is late, why?", required=False)


class ChildInNeedPlanEndForm(forms.Form):
    ended_on = date_field("Date the plan ended")
    outcome = forms.ChoiceField(
        label="How did the plan end?",
        choices=ChildInNeedPlanOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how the plan ended"},
    )
    summary = text_area("Why is the plan ending?", message="Say why the plan is ending")


YES_NO = [("yes", "Yes"), ("no", "No")]


def yes_no(label: str, message: str, hint: str = "") -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        help_text=hint,
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": message},
    )


class ChildInNeedActionForm(forms.Form):
    """What needs to happen on a child in need plan, who does it and by when."""

    what = text_area("What needs to happen?", message="Enter what needs to happen", rows=3)
    who = forms.CharField(
        label="Who will do it?",
        help_text="A name, and their agency or how they know the family",
        max_length=200,
        error_messages={"required": "Enter who will do it"},
    )
    who_user = WorkerChoiceField(
        label="If it is someone who works here, choose them (optional)",
        help_text="It will then be on their My work",
        queryset=User.objects.none(),
        required=False,
        empty_label="Not someone with an account here",
    )
    by_when = date_field("Date it needs to happen by")
    from_next_step = forms.CharField(widget=forms.HiddenInput, required=False, max_length=100)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["who_user"].queryset = case_holders()


class ChildInNeedVisitForm(forms.Form):
    visited_on = date_field("Date of the visit")
    visited_by = forms.CharField(
        label="Who visited?",
        help_text="Name, and agency if not children's social care",
        max_length=200,
        error_messages={"required": "Enter who visited"},
    )
    seen = yes_no("Was the child seen?", "Select yes if the child was seen")
    seen_alone = yes_no(
        "Was the child seen alone?",
        "Select yes if the child was seen alone",
        hint="Select no if the child was not seen, or is too young or unborn",
    )
    child_said = text_area(
        "What did the child say?",
        required=False,
        hint="In the child's own words, where you can",
        rows=4,
    )
    notes = text_area("What did you see, and what happens next?", required=False, rows=4)
