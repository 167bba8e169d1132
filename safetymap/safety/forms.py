from __future__ import annotations

from django import forms

from safetymap.core.govuk_forms import date_field, text_area
from safetymap.people.codes import RelationshipType
from safetymap.safety.codes import (
    AgreementMethod,
    Attendance,
    InformedVia,
    MemberStatus,
    PlanType,
    RuleOutcome,
    StepStatus,
)


def _text(label: str, required: bool = True, hint: str = "", rows: int = 3) -> forms.CharField:
    return text_area(label, required=required, hint=hint, rows=rows, max_length=4000)


def _line(label: str, required: bool = False, hint: str = "") -> forms.CharField:
    return forms.CharField(
        label=label if required else f"{label} (optional)",
        required=required,
        max_length=300,
        help_text=hint,
        error_messages={"required": f"Enter {label[0].lower() + label[1:].rstrip('?')}"},
    )


def _statement_label(statement) -> str:
    return f"Danger statement {statement.seq_no} ({statement.map}): {statement.text[:160]}"


def _members_field(label: str, hint: str = "") -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        label=label,
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=hint,
    )


class MemberDetailsForm(forms.Form):
    relationship_to_family = _line(
        "How do they know the family?", required=True, hint="For example, Samira's sister"
    )
    contact_details = _line("Phone number or other contact details")
    informed_on = date_field("When were they told about the worries? (optional)", required=False)
    informed_via = forms.ChoiceField(
        label="How were they told?",
        choices=InformedVia.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text="Someone has to be told about the danger statements and safety goals before "
        "they can have a part in an agreed plan",
    )
    statements_seen = forms.ModelMultipleChoiceField(
        label="Which danger statements did they see? (optional)",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    roles_agreed = _text("What have they agreed to do?", required=False)
    availability = _text("When are they available?", required=False, rows=2)
    checks_required = _text("Checks children's social care needs", required=False, rows=2)
    checks_done = _text("Checks done, and what they found", required=False, rows=2)
    status = forms.ChoiceField(
        label="Their part in the network",
        choices=MemberStatus.choices,
        widget=forms.RadioSelect,
        initial=MemberStatus.PROSPECTIVE,
    )
    member_from = date_field("In the network from (optional)", required=False)
    member_to = date_field("In the network until (optional)", required=False)

    def __init__(self, *args, statements, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["statements_seen"].queryset = statements
        self.fields["statements_seen"].label_from_instance = _statement_label


class MemberAddForm(MemberDetailsForm):
    person = forms.ModelChoiceField(
        label="Who is joining the network?",
        queryset=None,
        required=False,
        widget=forms.RadioSelect,
        empty_label=None,
        help_text="Choose someone already in the family and network, or add someone new below",
    )
    first_name = _line("First name of someone new")
    last_name = _line("Last name of someone new")
    relationship_type = forms.ChoiceField(
        label="How is someone new related to the child? (optional)",
        choices=[("", "Choose")] + list(RelationshipType.choices),
        required=False,
    )
    field_order = ["person", "first_name", "last_name", "relationship_type"]

    def __init__(self, *args, people, may_add_someone_new: bool = True, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["person"].label_from_instance = lambda p: p.full_name
        if not may_add_someone_new:  # their role does not record new people: not offered
            for name in ("first_name", "last_name", "relationship_type"):
                del self.fields[name]
            self.fields["person"].help_text = "Choose someone already in the family and network"
        self.order_fields(self.field_order)

    def clean(self):
        data = super().clean()
        new = data.get("first_name") or data.get("last_name")
        if data.get("person") and new:
            self.add_error("first_name", "Choose someone already known, or add someone new")
        elif not data.get("person") and not new:
            self.add_error(
                "person",
                "Choose who is joining the network, or add someone new"
                if "first_name" in self.fields
                else "Choose who is joining the network",
            )
        elif new and not (data.get("first_name") and data.get("last_name")):
            self.add_error("last_name", "Enter their first and last name")
        return data


class MeetingForm(forms.Form):
    held_on = date_field("Date of the meeting")
    notes = _text("What was talked about and agreed?", required=False, rows=5)

    def __init__(self, *args, members, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.members = list(members)
        for member in self.members:
            self.fields[f"attendance_{member.pk}"] = forms.ChoiceField(
                label=f"Did {member.name} come?",
                choices=Attendance.choices,
                widget=forms.RadioSelect,
                required=False,
            )

    def attendance(self) -> dict[int, str]:
        return {m.pk: self.cleaned_data.get(f"attendance_{m.pk}", "") for m in self.members}


class PlanStartForm(forms.Form):
    plan_type = forms.ChoiceField(
        label="What kind of safety plan is it?",
        choices=PlanType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what kind of safety plan it is"},
    )
    children = forms.ModelMultipleChoiceField(
        label="Which children does it cover?",
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select the children this plan covers"},
    )

    def __init__(self, *args, children, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["children"].queryset = children
        self.fields["children"].label_from_instance = lambda c: c.full_name


class PlanDetailsForm(forms.Form):
    danger_statements = forms.ModelMultipleChoiceField(
        label="Which danger statements is the plan about?",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    safety_goals = forms.ModelMultipleChoiceField(
        label="Which safety goals is it working towards?",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    contingency = _text(
        "What happens if the plan cannot work?", required=False, hint="The contingency plan"
    )
    children_version = _text(
        "The rules in words the children understand",
        required=False,
        rows=5,
        hint="The children's version of the plan: who they can tell, and what the grown-ups "
        "will do",
    )
    review_due = date_field("When is the plan next reviewed? (optional)", required=False)

    def __init__(self, *args, statements, goals, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["danger_statements"].queryset = statements
        self.fields["danger_statements"].label_from_instance = _statement_label
        self.fields["safety_goals"].queryset = goals
        self.fields["safety_goals"].label_from_instance = lambda g: (
            f"Safety goal for danger statement {g.danger_statement.seq_no} ({g.map}): "
            f"{g.what_will_be_happening[:160]}"
        )


class RuleForm(forms.Form):
    text = _text("The rule, in the family's words")
    danger_statements = forms.ModelMultipleChoiceField(
        label="Which danger statement is this rule about?",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    responsible_members = _members_field("Who in the safety network is responsible?")
    responsible_others = _line("Anyone else responsible", hint="For example, Mum, or Dad")
    monitoring_members = _members_field("Who in the safety network checks it is kept?")
    monitored_by_others = _line("Anyone else who checks", hint="For example, the social worker")
    when = _line("When, or how often?", hint="For example, every Sunday")
    if_broken = _text("What happens if the rule is broken?")

    def __init__(self, *args, statements, members, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["danger_statements"].queryset = statements
        self.fields["danger_statements"].label_from_instance = lambda s: (
            f"Danger statement {s.seq_no}: {s.text[:160]}"
        )
        for name in ("responsible_members", "monitoring_members"):
            self.fields[name].queryset = members
            self.fields[name].label_from_instance = _member_label


def _member_label(member) -> str:
    told = "" if member.is_informed else " (not yet informed)"
    return f"{member.name}, {member.relationship_to_family}{told}"


class BottomLineForm(forms.Form):
    text = _text(
        "The bottom line",
        hint="What children's social care needs to see in the plan, as a minimum",
    )


class BottomLineAddressedForm(forms.Form):
    addressed = forms.BooleanField(label="The plan addresses this bottom line", required=False)
    how_addressed = _text("How does the plan address it?", required=False)


class RedFlagForm(forms.Form):
    sign = _text("The sign to watch for", hint="Something that tells the network to act")
    watching_members = _members_field("Who in the safety network watches for it?")
    watched_by_others = _line("Anyone else who watches")
    response = _text("What will they do if they see it?")

    def __init__(self, *args, members, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["watching_members"].queryset = members
        self.fields["watching_members"].label_from_instance = _member_label


class AgreementForm(forms.Form):
    person_name = _line("Who agreed?", required=True)
    role = _line(
        "Their part", required=True, hint="For example, Mum, safety network, or social worker"
    )
    agreed_on = date_field("When did they agree?")
    method = forms.ChoiceField(
        label="How did they agree?",
        choices=AgreementMethod.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how they agreed"},
    )


class StepForm(forms.Form):
    title = _line("The step", required=True, hint="For example, More time alone with Dad")
    target_date = date_field("When should it be reached?")
    criteria = _text("What needs to be true to move on to the next step?")


class StepUpdateForm(forms.Form):
    status = forms.ChoiceField(
        label="Where is this step?", choices=StepStatus.choices, widget=forms.RadioSelect
    )
    actual_date = date_field("When was it reached? (optional)", required=False)


class EndPlanForm(forms.Form):
    end_reason = _text(
        "Why is the plan ending?",
        hint="For example, the safety goals have been met for the time agreed",
    )


class CheckForm(forms.Form):
    checked_on = date_field("Date of the check")
    checked_by = _line(
        "Who checked?", required=True, hint="For example, Auntie Noor and the social worker"
    )
    incidents = _text("Anything that happened", required=False)
    red_flags_seen = forms.ModelMultipleChoiceField(
        label="Were any red flags seen?",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    actions = _text("What was done, or will be done", required=False)
    scale = forms.TypedChoiceField(
        label="How safe do things look, from 0 to 10? (optional)",
        choices=[("", "Not scaled")] + [(str(n), str(n)) for n in range(11)],
        coerce=int,
        empty_value=None,
        required=False,
    )

    def __init__(self, *args, rules, red_flags, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.rules = list(rules)
        self.fields["red_flags_seen"].queryset = red_flags
        self.fields["red_flags_seen"].label_from_instance = lambda f: f.sign
        for rule in self.rules:
            self.fields[f"rule_{rule.pk}"] = forms.ChoiceField(
                label=f"Rule {rule.number}: {rule.text}",
                choices=RuleOutcome.choices,
                widget=forms.RadioSelect,
                error_messages={"required": f"Say whether rule {rule.number} was kept"},
            )
            self.fields[f"evidence_{rule.pk}"] = _text(
                f"How do you know? (rule {rule.number})", required=False, rows=2
            )

    def results(self) -> list[tuple]:
        return [
            (r, self.cleaned_data[f"rule_{r.pk}"], self.cleaned_data[f"evidence_{r.pk}"])
            for r in self.rules
        ]

    def service_data(self) -> dict:
        data = {
            k: v for k, v in self.cleaned_data.items() if not k.startswith(("rule_", "evidence_"))
        }
        return {**data, "results": self.results()}


class ConcernForm(forms.Form):
    """A broken rule or a red flag, reported on its own (outside a check)."""

    checked_on = date_field("When did it happen?")
    checked_by = _line("Who reported it?", required=True)
    rule = forms.ModelChoiceField(
        label="Which rule was broken?",
        queryset=None,
        required=False,
        empty_label="No rule was broken",
    )
    outcome = forms.ChoiceField(
        label="Was it broken or partly kept?",
        choices=[(RuleOutcome.BROKEN, "Broken"), (RuleOutcome.PARTLY, "Partly kept")],
        widget=forms.RadioSelect,
        required=False,
    )
    red_flags_seen = forms.ModelMultipleChoiceField(
        label="Which red flags were seen?",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    incidents = _text("What happened?")
    actions = _text("What was done", required=False)

    def __init__(self, *args, rules, red_flags, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["rule"].queryset = rules
        self.fields["rule"].label_from_instance = lambda r: f"Rule {r.number}: {r.text[:100]}"
        self.fields["red_flags_seen"].queryset = red_flags
        self.fields["red_flags_seen"].label_from_instance = lambda f: f.sign

    def clean(self):
        data = super().clean()
        if data.get("rule") and not data.get("outcome"):
            self.add_error("outcome", "Select whether the rule was broken or partly kept")
        return data

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        rule, outcome = data.pop("rule"), data.pop("outcome")
        return {**data, "results": [(rule, outcome, "")] if rule else [], "kind": "CONCERN"}
