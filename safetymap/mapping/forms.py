from __future__ import annotations

from django import forms

from safetymap.core.govuk_forms import GovukDateField, text_area
from safetymap.mapping.codes import (
    Category,
    FamilyPosition,
    GoalOutcome,
    MapContext,
    RaterGroup,
)
from safetymap.people.models import Child


def _text(label: str, required: bool = True, hint: str = "", rows: int = 3) -> forms.CharField:
    return text_area(label, required=required, hint=hint, rows=rows, max_length=4000)


class StartMapForm(forms.Form):
    context = forms.ChoiceField(
        label="What is this map for?",
        choices=MapContext.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what this map is for"},
    )
    held_on = GovukDateField(label="Date of the meeting", help_text="For example, 27 11 2026")
    participants = _text(
        "Who is taking part?",
        required=False,
        hint="Family members, the child, the safety network and each agency",
    )
    family_present = forms.BooleanField(label="The family is taking part", required=False)
    child_present = forms.BooleanField(label="The child is taking part", required=False)
    children = forms.ModelMultipleChoiceField(
        label="Is the map also about other children in the household?",
        help_text="Choose any brothers and sisters assessed at the same meeting",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, siblings, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if siblings:
            self.fields["children"].queryset = Child.objects.filter(pk__in=[c.pk for c in siblings])
            self.fields["children"].label_from_instance = lambda c: c.full_name
        else:
            del self.fields["children"]


class ItemForm(forms.Form):
    category = forms.ChoiceField(
        label="What kind of information is it?",
        choices=Category.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what kind of information it is"},
    )
    text = _text("What is it?", hint="Write it so the family would understand every word")
    source = forms.CharField(
        label="Who said or saw this? (optional)", required=False, max_length=300
    )
    danger_statement = forms.ModelChoiceField(
        label="Which danger statement is this safety about? (for existing safety)",
        queryset=None,
        required=False,
        empty_label="Not about a danger statement",
    )
    owner = forms.CharField(
        label="Who will do it? (for a next step)", required=False, max_length=200
    )
    due_on = GovukDateField(label="By when? (for a next step)", required=False)
    agreed_by = forms.CharField(label="Who agrees? (optional)", required=False, max_length=300)
    disputed_by = forms.CharField(label="Who disagrees? (optional)", required=False, max_length=300)
    children = forms.ModelMultipleChoiceField(
        label="Which children is it about?",
        help_text="Leave them all unticked if it is about every child on the map",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, danger_statements, map_children=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["danger_statement"].queryset = danger_statements
        self.fields["danger_statement"].label_from_instance = lambda s: (
            f"Danger statement {s.seq_no}"
        )
        if len(map_children) > 1:  # tagging only means something on a shared map
            self.fields["children"].queryset = Child.objects.filter(
                pk__in=[c.pk for c in map_children]
            )
            self.fields["children"].label_from_instance = lambda c: c.full_name
        else:
            del self.fields["children"]


class DangerStatementForm(forms.Form):
    who_is_worried = _text(
        "Who is worried?",
        hint="For example: Children's social care, the school and the health visitor",
    )
    what_happened = _text(
        "What happened that worries them?",
        hint="Describe what people did, so anyone could picture it. Avoid labels "
        "like 'domestic violence' or 'neglect'",
        rows=4,
    )
    worry_if_nothing_changes = _text(
        "What are they worried will happen to the child if nothing changes?",
        hint="And what that would mean for the child",
        rows=4,
    )
    acknowledged_safety = _text("What safety has there already been?", required=False)
    family_position = forms.ChoiceField(
        label="Does the family agree?",
        choices=FamilyPosition.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the family agrees"},
    )
    dispute_text = _text(
        "What does the family disagree with?",
        required=False,
        hint="In their words. It will be shown wherever this statement is",
    )
    confirm_over_cap = forms.BooleanField(
        label="The chair agrees to add more than 4 danger statements", required=False
    )


class SafetyGoalForm(forms.Form):
    what_will_be_happening = _text(
        "What will be happening?", hint="What the adults will be doing, day to day"
    )
    what_the_child_will_experience = _text("What will the child experience?", required=False)
    what_professionals_need_to_see = _text("What do professionals need to see?", required=False)
    for_how_long = forms.CharField(
        label="For how long?",
        max_length=100,
        required=False,
        help_text="For example, 6 months. Needed before the map is final",
    )


class RatingForm(forms.Form):
    rater_group = forms.ChoiceField(
        label="Who is rating?",
        choices=RaterGroup.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select who is rating"},
    )
    rater = forms.CharField(
        label="Their name or role",
        max_length=200,
        error_messages={"required": "Say who gave this rating"},
    )
    danger_statement = forms.ModelChoiceField(
        label="About", queryset=None, required=False, empty_label="Overall safety"
    )
    value = forms.TypedChoiceField(
        label="Their number",
        choices=[(str(n), str(n)) for n in range(11)],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Select a number from 0 to 10"},
    )
    reason = _text("Why did they choose this number?")
    one_point_higher = _text("What would make it one point higher?", required=False)

    def __init__(self, *args, danger_statements, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["danger_statement"].queryset = danger_statements
        self.fields["danger_statement"].label_from_instance = lambda s: (
            f"Danger statement {s.seq_no}"
        )


class EscalationResponseForm(forms.Form):
    action_taken = _text(
        "What action is being taken?",
        hint="For example: a strategy discussion is being arranged today; the core group meets "
        "this week to review the safety plan",
    )


class GoalReviewForm(forms.Form):
    """R33: for each safety goal of the latest map, achieved or not applicable (with why)."""

    def __init__(self, *args, goals, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for goal in goals:
            seq = goal.danger_statement.seq_no
            review = getattr(goal, "review", None) if _reviewed(goal) else None
            self.fields[f"outcome_{seq}"] = forms.ChoiceField(
                label=f"Safety goal {seq}: {goal.what_will_be_happening}",
                choices=GoalOutcome.choices,
                widget=forms.RadioSelect,
                initial=review.outcome if review else None,
                error_messages={
                    "required": f"Select whether safety goal {seq} was achieved or is not "
                    "applicable"
                },
            )
            self.fields[f"reason_{seq}"] = _text(
                f"Safety goal {seq}: if it is not applicable, why?", required=False
            )
            if review:
                self.fields[f"reason_{seq}"].initial = review.reason

    def outcomes(self) -> dict[int, tuple[str, str]]:
        """The answers, by danger statement number, as the service takes them."""
        return {
            int(name.removeprefix("outcome_")): (
                value,
                self.cleaned_data.get(f"reason_{name.removeprefix('outcome_')}", ""),
            )
            for name, value in self.cleaned_data.items()
            if name.startswith("outcome_")
        }


def _reviewed(goal) -> bool:
    from safetymap.mapping.models import SafetyGoalReview

    try:
        goal.review  # noqa: B018
    except SafetyGoalReview.DoesNotExist:
        return False
    return True
