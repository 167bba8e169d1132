"""Safety network and safety plan pages. Thin: each parses the request, calls one selector or
service, and renders; refusals come back as GOV.UK errors and nothing is half-saved."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from safetymap.access.decorators import capability_required
from safetymap.access.policy import Capability, can
from safetymap.cases.views import step_page
from safetymap.core.views import posted
from safetymap.people.models import Person, Relationship
from safetymap.safety import diagrams, lifecycle, presentation, selectors, services
from safetymap.safety import forms as safety_forms
from safetymap.safety.errors import SafetyRefused
from safetymap.safety.models import BottomLine, PlanRule, TrajectoryStep


def _network_url(episode_pk: int) -> str:
    return reverse("safety:network", kwargs={"pk": episode_pk})


def _plan_url(pk: int) -> str:
    return reverse("safety:plan", kwargs={"pk": pk})


def _caption(episode) -> str:
    return f"{episode.child.full_name}, {episode.child.la_child_id}"


# --- The network ----------------------------------------------------------------------------


@capability_required(Capability.USE_CASE_WORK)
def network(request: HttpRequest, pk: int) -> HttpResponse:
    page = selectors.open_network(request.user, pk)
    return render(
        request,
        "safety/network.html",
        {
            "page": page,
            "episode": page.episode,
            "child": page.episode.child,
            "can_edit": can(request.user, Capability.RECORD_PATHWAY) and page.episode.is_open,
        },
    )


def _member_data(data: dict[str, Any]) -> dict[str, Any]:
    fields = set(services.MEMBER_FIELDS) | {"statements_seen"}
    cleaned = {k: v for k, v in data.items() if k in fields}
    cleaned["informed_via"] = cleaned.get("informed_via") or ""
    return cleaned


@capability_required(Capability.RECORD_PATHWAY)
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    episode = selectors.episode_in_sight(request.user, pk, audit=request.method == "GET")
    people = Person.objects.filter(
        pk__in=Relationship.objects.filter(child=episode.child).values("person")
    ).exclude(network_roles__network__episode=episode)
    form = safety_forms.MemberAddForm(
        posted(request),
        people=people,
        statements=selectors.episode_statements(episode),
        may_add_someone_new=can(request.user, Capability.RECORD_CHILDREN),
    )

    def save(data: dict[str, Any]) -> None:
        new = (
            None
            if data["person"]
            else {"first_name": data["first_name"], "last_name": data["last_name"]}
        )
        services.add_member(
            by=request.user,
            episode=episode,
            person=data["person"],
            new_person=new,
            relationship_type=data["relationship_type"],
            **_member_data(data),
        )

    return step_page(
        request,
        form,
        save=save,
        done="They have been added to the safety network.",
        heading="Add someone to the safety network",
        submit_text="Add to the network",
        back_url=_network_url(pk),
        caption=_caption(episode),
    )


@capability_required(Capability.RECORD_PATHWAY)
def member_change(request: HttpRequest, pk: int) -> HttpResponse:
    member = selectors.member_for_change(request.user, pk, audit=request.method == "GET")
    episode = member.network.episode
    initial = {name: getattr(member, name) for name in services.MEMBER_FIELDS}
    initial["statements_seen"] = [s.pk for s in member.statements_seen.all()]
    form = safety_forms.MemberDetailsForm(
        posted(request), initial=initial, statements=selectors.episode_statements(episode)
    )
    return step_page(
        request,
        form,
        save=lambda d: services.change_member(by=request.user, member=member, **_member_data(d)),
        record=member,
        done="The change has been saved.",
        heading=f"{member.name} in the safety network",
        submit_text="Save",
        back_url=_network_url(episode.pk),
        caption=_caption(episode),
    )


@capability_required(Capability.RECORD_PATHWAY)
def meeting_add(request: HttpRequest, pk: int) -> HttpResponse:
    episode = selectors.episode_in_sight(request.user, pk, audit=request.method == "GET")
    form = safety_forms.MeetingForm(posted(request), members=selectors.members_of(episode))
    return step_page(
        request,
        form,
        save=lambda d: services.record_network_meeting(
            by=request.user,
            episode=episode,
            held_on=d["held_on"],
            notes=d["notes"],
            attendance=form.attendance(),
        ),
        done="The network meeting has been recorded.",
        heading="Record a safety network meeting",
        submit_text="Save meeting",
        back_url=_network_url(pk),
        caption=_caption(episode),
    )


# --- The plan -------------------------------------------------------------------------------


@capability_required(Capability.RECORD_PATHWAY)
def plan_start(request: HttpRequest, pk: int) -> HttpResponse:
    episode = selectors.episode_in_sight(request.user, pk, audit=request.method == "GET")
    created: dict[str, Any] = {}

    def save(data: dict[str, Any]) -> None:
        created["plan"] = services.start_plan(by=request.user, episode=episode, **data)

    response = step_page(
        request,
        safety_forms.PlanStartForm(
            posted(request),
            children=services.plan_children_choices(episode, for_user=request.user),
            initial={"children": [episode.child_id]},
        ),
        save=save,
        done="The safety plan has been started. It is linked to the latest map's danger "
        "statements and safety goals.",
        heading="Start a safety plan",
        submit_text="Start plan",
        back_url=_network_url(pk),
        caption=_caption(episode),
    )
    if "plan" in created:
        return redirect("safety:plan", pk=created["plan"].pk)
    return response


@capability_required(Capability.USE_CASE_WORK)
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.open_plan(request.user, pk)
    may_edit = can(request.user, Capability.RECORD_PATHWAY) and plan.episode.is_open
    return render(
        request,
        "safety/plan.html",
        {
            **presentation.plan_context(plan),
            "contacts": selectors.plan_network_members(plan),
            "can_edit": may_edit,
            "moves": presentation.moves(plan) if may_edit else [],
        },
    )


@capability_required(Capability.USE_CASE_WORK)
def over_time(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.open_plan(request.user, pk, page="safety shown over time")
    return render(request, "safety/over_time.html", presentation.plan_context(plan))


def _plan_form_page(
    request,
    pk,
    make_form,
    save_with,
    *,
    heading,
    submit_text,
    done,
    changes_the_plan=False,
    may=None,
):
    """A form about one safety plan; ``changes_the_plan`` when it changes the plan's own
    details (a change form: core/revisions.py) rather than adding a part to it; ``may``: the
    service's question whether it can be done to the plan now (given the plan)."""
    plan = selectors.plan_for_change(request.user, pk, audit=request.method == "GET")
    return step_page(
        request,
        make_form(plan),
        save=lambda data: save_with(plan, data),
        may=(lambda: may(plan)) if may else None,
        record=plan if changes_the_plan else None,
        done=done,
        heading=heading,
        submit_text=submit_text,
        back_url=_plan_url(pk),
        caption=f"{_caption(plan.episode)}: {plan}",
    )


@capability_required(Capability.RECORD_PATHWAY)
def plan_details(request: HttpRequest, pk: int) -> HttpResponse:
    def make(plan):
        return safety_forms.PlanDetailsForm(
            posted(request),
            statements=selectors.episode_statements(plan.episode),
            goals=selectors.episode_goals(plan.episode),
            initial={
                "danger_statements": list(plan.danger_statements.values_list("pk", flat=True)),
                "safety_goals": list(plan.safety_goals.values_list("pk", flat=True)),
                "contingency": plan.contingency,
                "children_version": plan.children_version,
                "review_due": plan.review_due,
            },
        )

    return _plan_form_page(
        request,
        pk,
        make,
        lambda p, d: services.change_plan_details(by=request.user, plan=p, **d),
        heading="What the plan is about",
        submit_text="Save",
        done="The plan has been saved.",
        changes_the_plan=True,
    )


@capability_required(Capability.RECORD_PATHWAY)
def rule_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _plan_form_page(
        request,
        pk,
        lambda plan: safety_forms.RuleForm(
            posted(request),
            statements=plan.danger_statements.order_by("seq_no"),
            members=selectors.members_of(plan.episode, available_only=True),
        ),
        lambda p, d: services.add_rule(by=request.user, plan=p, **d),
        heading="Add a rule",
        submit_text="Add rule",
        done="The rule has been added.",
    )


@capability_required(Capability.RECORD_PATHWAY)
def rule_change(request: HttpRequest, pk: int, rule_pk: int) -> HttpResponse:
    rule = selectors.part_of_plan(
        request.user, PlanRule, pk, rule_pk, audit=request.method == "GET"
    )
    plan = rule.plan
    initial = {
        "text": rule.text,
        "danger_statements": [s.pk for s in rule.danger_statements.all()],
        "responsible_members": [m.pk for m in rule.responsible_members.all()],
        "responsible_others": rule.responsible_others,
        "monitoring_members": [m.pk for m in rule.monitoring_members.all()],
        "monitored_by_others": rule.monitored_by_others,
        "when": rule.when,
        "if_broken": rule.if_broken,
    }
    return step_page(
        request,
        safety_forms.RuleForm(
            posted(request),
            initial=initial,
            statements=plan.danger_statements.order_by("seq_no"),
            members=selectors.members_of(plan.episode, available_only=True),
        ),
        save=lambda d: services.change_rule(by=request.user, rule=rule, **d),
        record=rule,
        done="The rule has been changed.",
        heading=f"Change rule {rule.number}",
        submit_text="Save rule",
        back_url=_plan_url(pk),
        caption=f"{_caption(plan.episode)}: {plan}",
    )


@capability_required(Capability.RECORD_PATHWAY)
def bottom_line_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _plan_form_page(
        request,
        pk,
        lambda plan: safety_forms.BottomLineForm(posted(request)),
        lambda p, d: services.add_bottom_line(by=request.user, plan=p, **d),
        heading="Add a bottom line",
        submit_text="Add bottom line",
        done="The bottom line has been added.",
    )


@capability_required(Capability.RECORD_PATHWAY)
def bottom_line_change(request: HttpRequest, pk: int, line_pk: int) -> HttpResponse:
    line = selectors.part_of_plan(
        request.user, BottomLine, pk, line_pk, audit=request.method == "GET"
    )
    return step_page(
        request,
        safety_forms.BottomLineAddressedForm(
            posted(request),
            initial={"addressed": line.addressed, "how_addressed": line.how_addressed},
        ),
        save=lambda d: services.address_bottom_line(by=request.user, line=line, **d),
        record=line,
        done="The bottom line has been saved.",
        heading="Is this bottom line addressed?",
        submit_text="Save",
        back_url=_plan_url(pk),
        caption=line.text,
    )


@capability_required(Capability.RECORD_PATHWAY)
def red_flag_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _plan_form_page(
        request,
        pk,
        lambda plan: safety_forms.RedFlagForm(
            posted(request), members=selectors.members_of(plan.episode, available_only=True)
        ),
        lambda p, d: services.add_red_flag(by=request.user, plan=p, **d),
        heading="Add a red flag",
        submit_text="Add red flag",
        done="The red flag has been added.",
    )


@capability_required(Capability.RECORD_PATHWAY)
def agreement_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _plan_form_page(
        request,
        pk,
        lambda plan: safety_forms.AgreementForm(posted(request)),
        lambda p, d: services.record_agreement(by=request.user, plan=p, **d),
        heading="Record who agreed the plan",
        submit_text="Save agreement",
        done="The agreement has been recorded.",
    )


@capability_required(Capability.RECORD_PATHWAY)
def step_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _plan_form_page(
        request,
        pk,
        lambda plan: safety_forms.StepForm(posted(request)),
        lambda p, d: services.add_step(by=request.user, plan=p, **d),
        heading="Add a step to the trajectory",
        submit_text="Add step",
        done="The step has been added.",
    )


@capability_required(Capability.RECORD_PATHWAY)
def step_change(request: HttpRequest, pk: int, step_pk: int) -> HttpResponse:
    step = selectors.part_of_plan(
        request.user, TrajectoryStep, pk, step_pk, audit=request.method == "GET"
    )
    return step_page(
        request,
        safety_forms.StepUpdateForm(
            posted(request), initial={"status": step.status, "actual_date": step.actual_date}
        ),
        save=lambda d: services.update_step(by=request.user, step=step, **d),
        record=step,
        done="The step has been saved.",
        heading=f"Step {step.seq}: {step.title}",
        submit_text="Save",
        back_url=_plan_url(pk),
        caption=step.criteria,
    )


@capability_required(Capability.RECORD_PATHWAY)
def check_add(request: HttpRequest, pk: int) -> HttpResponse:
    forms_made: list = []

    def make(plan):
        forms_made.append(
            safety_forms.CheckForm(
                posted(request), rules=plan.rules.all(), red_flags=plan.red_flags.all()
            )
        )
        return forms_made[0]

    return _plan_form_page(
        request,
        pk,
        make,
        lambda p, d: services.record_check(by=request.user, plan=p, **forms_made[0].service_data()),
        heading="Record a monitoring check",
        may=services.may_record_check,
        submit_text="Save check",
        done="The check has been recorded.",
    )


@capability_required(Capability.RECORD_PATHWAY)
def concern_add(request: HttpRequest, pk: int) -> HttpResponse:
    forms_made: list = []

    def make(plan):
        forms_made.append(
            safety_forms.ConcernForm(
                posted(request), rules=plan.rules.all(), red_flags=plan.red_flags.all()
            )
        )
        return forms_made[0]

    return _plan_form_page(
        request,
        pk,
        make,
        lambda p, d: services.record_check(by=request.user, plan=p, **forms_made[0].service_data()),
        heading="Report a broken rule or a red flag",
        may=services.may_record_check,
        submit_text="Save",
        done="Recorded. The safety network needs to meet again to make the plan stronger: "
        "this is on the plan and on My work.",
    )


@capability_required(Capability.RECORD_PATHWAY)
def plan_end(request: HttpRequest, pk: int) -> HttpResponse:
    return _plan_form_page(
        request,
        pk,
        lambda plan: safety_forms.EndPlanForm(posted(request)),
        lambda p, d: services.move_plan(
            by=request.user, plan=p, to=lifecycle.Status.ENDED, end_reason=d["end_reason"]
        ),
        heading="End the safety plan",
        submit_text="End plan",
        done="The safety plan has ended.",
    )


@require_POST
@capability_required(Capability.RECORD_PATHWAY)
def plan_move(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_for_change(request.user, pk)
    target = request.POST.get("to", "")
    if target not in lifecycle.Status.__members__:
        messages.error(request, "Choose what should happen to the plan.")
        return redirect("safety:plan", pk=pk)
    try:
        services.move_plan(by=request.user, plan=plan, to=target)
    except SafetyRefused as refusal:
        for message, _field in refusal.problems:
            messages.error(request, message)
    else:
        messages.success(request, f"The plan is now: {lifecycle.LABELS[plan.stage].lower()}.")
    return redirect("safety:plan", pk=pk)


@require_POST
@capability_required(Capability.RECORD_PATHWAY)
def plan_revise(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_for_change(request.user, pk)
    try:
        new = services.revise_plan(by=request.user, plan=plan)
    except SafetyRefused as refusal:
        messages.error(request, str(refusal))
        return redirect("safety:plan", pk=pk)
    messages.success(
        request,
        f"Version {new.version} has started from version {plan.version}. Version "
        f"{plan.version} stays in use until this one is agreed.",
    )
    return redirect("safety:plan", pk=new.pk)


# --- Genogram and ecomap --------------------------------------------------------------------


@capability_required(Capability.USE_CASE_WORK)
def genogram(request: HttpRequest, pk: int) -> HttpResponse:
    family = selectors.family_of(request.user, pk, page="genogram")
    return render(
        request,
        "safety/diagram.html",
        {"child": family.child, "diagram": diagrams.genogram(family), "kind": "genogram"},
    )


@capability_required(Capability.USE_CASE_WORK)
def ecomap(request: HttpRequest, pk: int) -> HttpResponse:
    family = selectors.family_of(request.user, pk, page="ecomap")
    return render(
        request,
        "safety/diagram.html",
        {"child": family.child, "diagram": diagrams.ecomap(family), "kind": "ecomap"},
    )
