from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.views.decorators.http import require_POST

from safetymap.access.decorators import capability_required
from safetymap.access.policy import (
    AccessRefused,
    Capability,
    basis_for,
    can,
    searchable_children,
    searches_every_child,
    visible_children,
)
from safetymap.audit.models import Action
from safetymap.audit.services import record
from safetymap.cases import (
    cin_plans,
    contact_drafts,
    oversight,
    pathway,
    queues,
    selectors,
    services,
)
from safetymap.cases import forms as step_forms
from safetymap.cases.errors import PathwayRefused
from safetymap.cases.models import (
    Assessment,
    Authorisation,
    CaseNote,
    ChildInNeedPlan,
    ChildProtectionPlan,
    QueueEntry,
    Section47Enquiry,
    TransferIn,
)
from safetymap.cases.work import work_due
from safetymap.core import addresses, paging
from safetymap.core.display import govuk_date
from safetymap.core.govuk import render_component
from safetymap.core.govuk_forms import DATE_PARTS, GovukDateField, first_input_id
from safetymap.core.views import form_page, not_now, posted, show_refusal
from safetymap.mapping.presentation import episode_trajectory, latest_map_summary
from safetymap.people.forms import ChildDetailsForm, EnquiryReasonForm, typed_details
from safetymap.people.models import Child
from safetymap.people.selectors import find_children
from safetymap.people.services import open_front_door_enquiry, record_child


def step_page(
    request: HttpRequest,
    form: forms.Form,
    *,
    save: Callable[[dict[str, Any]], Any],
    done: str,
    heading: str,
    submit_text: str,
    back_url: str,
    caption: str = "",
    intro: str = "",
    template: str = "cases/step_form.html",
    may: Callable[[], str | None] | None = None,
    **context: Any,
) -> HttpResponse:
    """A page that records one pathway step: the form, then the service; a refusal is shown
    as a GOV.UK error on the field it is about, and nothing is saved. ``may``: the service's
    question whether the step can be taken now (core.views.form_page)."""
    return form_page(
        request,
        form,
        save=save,
        refused=PathwayRefused,
        done=done,
        template=template,
        back_url=back_url,
        may=may,
        heading=heading,
        submit_text=submit_text,
        caption=caption,
        intro=intro,
        **context,
    )


def _received_at(day: datetime.date) -> datetime.datetime:
    now = timezone.localtime()
    if day == now.date():
        return now
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 0)))


# --- Recording a contact: each child found by search, or recorded there and then -----------------
#
# The contact form carries the children as hidden values; "Find a child" and "Record a new child"
# keep what was typed in a draft (cases/contact_drafts.py) and show that step in place, and each
# step comes back to the form with the child added. Every step works without JavaScript, and
# each write (a new child, the contact) carries its submission key, so sending twice makes one.


def _contact_url(draft: str) -> str:
    return f"{reverse('cases:contact-new')}?{urlencode({'draft': draft})}"


def _contact_form_initial(values: dict[str, list[str]]) -> dict[str, Any]:
    """The form's starting values from a draft, as it was sent (so it shows no errors yet)."""
    initial: dict[str, Any] = {}
    for name, field in step_forms.ContactForm.base_fields.items():
        if isinstance(field, GovukDateField):
            parts = [(values.get(f"{name}-{part}") or [""])[-1] for part in DATE_PARTS]
            if any(parts):
                initial[name] = parts
        elif name == "children":
            initial[name] = values.get(name, [])
        elif values.get(name):
            initial[name] = values[name][-1]
    return initial


def _chosen_children(user, form: forms.Form) -> list[Child]:
    value = form["children"].value() or []
    # Only ids a record could have: anything else was not sent by our own form.
    wanted = [int(pk) for pk in value if addresses.is_record_id(str(pk))]
    by_pk = {c.pk: c for c in visible_children(user).filter(pk__in=wanted)}
    return [by_pk[pk] for pk in dict.fromkeys(wanted) if pk in by_pk]


def _contact_form_page(request: HttpRequest, form: forms.Form, draft: str) -> HttpResponse:
    return render(
        request,
        "cases/contact_form.html",
        {
            "form": form,
            "error_summary": _contact_errors(form),
            "draft": draft,
            "chosen": _chosen_children(request.user, form),
            "can_record_children": can(request.user, Capability.RECORD_CHILDREN),
            "back_url": reverse("cases:contacts"),
        },
    )


def _contact_errors(form: forms.Form) -> SafeString:
    """The error summary; the children's problem links to "Find a child" (the children are
    hidden values, with nothing else on the page to move to)."""
    if not form.is_bound or not form.errors:
        return SafeString("")
    items = [{"text": str(message)} for message in form.non_field_errors()]
    for field in form:
        for message in field.errors:
            href = "#id_children" if field.name == "children" else f"#{first_input_id(field)}"
            items.append({"text": str(message), "href": href})
    return render_component(
        "error-summary", {"titleText": "There is a problem", "errorList": items}
    )


@capability_required(Capability.RECORD_PATHWAY)
def contact_new(request: HttpRequest) -> HttpResponse:
    draft = contact_drafts.draft_id(request)
    children = visible_children(request.user)
    if request.method != "POST":
        values = contact_drafts.load(request, draft)
        if not values and request.GET.getlist("child"):  # "Record a contact about …"
            values = {"children": request.GET.getlist("child")}
        form = step_forms.ContactForm(initial=_contact_form_initial(values), children=children)
        return _contact_form_page(request, form, draft)

    action = "remove" if "remove" in request.POST else request.POST.get("action", "save")
    if action != "save":
        values = contact_drafts.typed(request.POST)
        if action == "remove":
            gone = request.POST.get("remove", "")
            values["children"] = [pk for pk in values.get("children", []) if pk != gone]
        contact_drafts.save(request, draft, values)
        if action == "find":
            return _find_child_page(request, draft, step_forms.ContactChildSearchForm())
        if action == "new_child" and can(request.user, Capability.RECORD_CHILDREN):
            return _new_child_page(request, draft, ChildDetailsForm())
        form = step_forms.ContactForm(initial=_contact_form_initial(values), children=children)
        return _contact_form_page(request, form, draft)

    form = step_forms.ContactForm(request.POST, children=children)
    if form.is_valid():
        data = form.cleaned_data
        fields = {k: v for k, v in data.items() if k not in {"children", "received_on"}}
        try:
            contact = services.record_contact(
                by=request.user,
                children=data["children"],
                received_at=_received_at(data["received_on"]),
                **fields,
            )
        except PathwayRefused as refusal:
            show_refusal(form, refusal)
        else:
            contact_drafts.forget(request, draft)
            messages.success(request, "The contact has been recorded.")
            return redirect("cases:contact", pk=contact.pk)
    return _contact_form_page(request, form, draft)


def _find_child_page(
    request: HttpRequest, draft: str, search: forms.Form, found: list | None = None
) -> HttpResponse:
    added = {int(pk) for pk in contact_drafts.load(request, draft).get("children", []) if pk}
    return render(
        request,
        "cases/contact_find_child.html",
        {
            "search": search,
            "draft": draft,
            "found": found,
            "added": added,
            "can_record_children": can(request.user, Capability.RECORD_CHILDREN),
            "back_url": _contact_url(draft),
        },
    )


@capability_required(Capability.RECORD_PATHWAY)
def contact_find_child(request: HttpRequest) -> HttpResponse:
    """Find the child a contact is about: likely matches with the reasons, each to add."""
    draft = contact_drafts.draft_id(request)
    search = step_forms.ContactChildSearchForm(request.GET if "search" in request.GET else None)
    found = None
    if search.is_valid():
        found = find_children(request.user, search.query(), limit=10)
    return _find_child_page(request, draft, search, found)


@require_POST
@capability_required(Capability.RECORD_PATHWAY)
def contact_add_child(request: HttpRequest) -> HttpResponse:
    """Add a child found by the search to the contact being recorded."""
    draft = contact_drafts.draft_id(request)
    pk = request.POST.get("child", "")
    child = (
        visible_children(request.user).filter(pk=pk).first() if addresses.is_record_id(pk) else None
    )
    if child is None:
        messages.error(request, "That child cannot be added. Search for them again.")
        return redirect(_contact_url(draft))
    contact_drafts.add_child(request, draft, child.pk)
    messages.success(request, f"{child.full_name} has been added to this contact.")
    return redirect(_contact_url(draft))


@capability_required(Capability.RECORD_PATHWAY)
def contact_open_child(request: HttpRequest, pk: int) -> HttpResponse:
    """The front door (or duty on shift) adds a child it cannot see yet: it opens the record
    for a stated reason (a time-limited, audited grant, as people's front door enquiry)."""
    draft = contact_drafts.draft_id(request)
    if not searches_every_child(request.user):
        reason = (
            "Only the front door, and the out-of-hours duty worker during their shift, can open "
            "a record they are not working with."
        )
        return render(request, "errors/403.html", {"reason": reason}, status=403)
    child = get_object_or_404(searchable_children(request.user), pk=pk)
    if basis_for(request.user, child.pk) is not None:
        contact_drafts.add_child(request, draft, child.pk)
        return redirect(_contact_url(draft))
    form = EnquiryReasonForm(posted(request))
    if form.is_valid():
        try:
            open_front_door_enquiry(
                by=request.user, child=child, reason=form.cleaned_data["reason"]
            )
        except AccessRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            contact_drafts.add_child(request, draft, child.pk)
            messages.success(request, f"{child.full_name} has been added to this contact.")
            return redirect(_contact_url(draft))
    return render(
        request,
        "cases/contact_open_child.html",
        {"form": form, "child": child, "draft": draft, "back_url": _contact_url(draft)},
    )


NEW_CHILD_SESSION_KEY = "contact_new_child_{}"


def _new_child_page(request: HttpRequest, draft: str, form: forms.Form) -> HttpResponse:
    return render(
        request,
        "cases/contact_child_form.html",
        {"form": form, "draft": draft, "back_url": _contact_url(draft)},
    )


@capability_required(Capability.RECORD_CHILDREN)
def contact_new_child(request: HttpRequest) -> HttpResponse:
    """Record a new child from the contact form: first whether they are already known (each
    likely match can be added instead), then the new record, added to the contact."""
    draft = contact_drafts.draft_id(request)
    session_key = NEW_CHILD_SESSION_KEY.format(draft)
    confirming = request.method == "POST" and "confirm_new" in request.POST
    kept = request.session.get(session_key)
    if request.method == "POST" and "change" in request.POST and kept:
        # Back to the details, as typed, to correct them.
        return _new_child_page(request, draft, ChildDetailsForm(contact_drafts.as_data(kept)))
    form = ChildDetailsForm(
        (contact_drafts.as_data(kept) if kept else None) if confirming else posted(request)
    )
    if form.is_valid():
        if not confirming:
            found = find_children(request.user, typed_details(form.cleaned_data), limit=10)
            if found:
                # Every value, as lists: a child's disabilities are several.
                request.session[session_key] = contact_drafts.typed(form.data)
                return render(
                    request,
                    "cases/contact_child_matches.html",
                    {
                        "found": found,
                        "typed": form.cleaned_data,
                        "draft": draft,
                        "added": set(),
                        "back_url": _contact_url(draft),
                    },
                )
        request.session.pop(session_key, None)
        child = record_child(by=request.user, details=form.cleaned_data)
        contact_drafts.add_child(request, draft, child.pk)
        messages.success(
            request,
            f"{child.full_name} has been recorded ({child.la_child_id}) and added to this contact.",
        )
        return redirect(_contact_url(draft))
    if confirming:  # the details kept for confirming are gone (signed out and in again)
        return redirect(_contact_url(draft))
    return _new_child_page(request, draft, form)


@capability_required(Capability.USE_CASE_WORK)
def contact_list(request: HttpRequest) -> HttpResponse:
    filters = step_forms.ContactQueueFilterForm(request.GET if "filter" in request.GET else None)
    only = set(filters.cleaned_data["only"]) if filters.is_valid() else set()
    queue = selectors.contact_queue(
        request.user,
        request.GET.get("cursor"),
        overdue_only="overdue" in only,
        immediate_risk_only="immediate_risk" in only,
    )
    return render(request, "cases/contact_list.html", {"queue": queue, "filters": filters})


@capability_required(Capability.USE_CASE_WORK)
def contact_detail(request: HttpRequest, pk: int) -> HttpResponse:
    contact = selectors.open_contact(request.user, pk)
    # The page is the contact's record, so it opens once decided; the decision form does not.
    if request.method == "POST" and (why := services.may_decide_contact(contact)):
        return not_now(request, why, reverse("cases:contact", kwargs={"pk": pk}))
    form = step_forms.ContactDecisionForm(posted(request))
    if form.is_valid():
        try:
            episodes = services.decide_contact(
                by=request.user,
                contact=contact,
                decision=form.cleaned_data["decision"],
                rationale=form.cleaned_data["rationale"],
                referral_source=form.cleaned_data["referral_source"],
                primary_need=form.cleaned_data["primary_need"],
                late_reason=form.cleaned_data["late_reason"],
                team=form.cleaned_data["team"],
            )
        except PathwayRefused as refusal:
            show_refusal(form, refusal)
        else:
            if episodes:
                team = form.cleaned_data["team"]
                messages.success(
                    request,
                    f"The decision has been recorded. It is waiting in {team.name}'s queue "
                    "for the team manager to allocate.",
                )
                if basis_for(request.user, episodes[0].child_id) is not None:
                    return redirect("cases:episode", pk=episodes[0].pk)
                return redirect("cases:contacts")
            messages.success(request, "The decision has been recorded.")
            return redirect("cases:contacts")
    return render(
        request,
        "cases/contact_detail.html",
        {
            "contact": contact,
            "form": form,
            "overdue": contact.overdue_at(timezone.now()),
            "history": selectors.earlier_involvement(request.user, contact),
        },
    )


@capability_required(Capability.USE_CASE_WORK)
def episode_detail(request: HttpRequest, pk: int) -> HttpResponse:
    episode = selectors.open_episode(request.user, pk)
    today = timezone.localdate()
    open_queue_entry = next((e for e in episode.queue_entries.all() if e.is_open), None)
    return render(
        request,
        "cases/episode_detail.html",
        {
            "episode": episode,
            "child": episode.child,
            "due_items": [(item, item.overdue(today)) for item in pathway.due_items(episode)],
            "next_steps": [
                step for step in pathway.next_steps(episode) if _may_take(request.user, step)
            ],
            "open_queue_entry": open_queue_entry,
            "may_allocate": can(request.user, Capability.ALLOCATE_WORK),
            "may_authorise": can(request.user, Capability.AUTHORISE_WORK),
            "may_withdraw": queues.may_withdraw(request.user, open_queue_entry),
            "can_record": can(request.user, Capability.RECORD_PATHWAY),
            "plan_ended": pathway.plan_ended_needs_next_plan(episode),  # R16
            "cin_plans": pathway.cin_plan_summaries(episode, today),
            "trajectory": episode_trajectory(list(episode.maps.all())),
            "latest_map": latest_map_summary(list(episode.maps.all())),
            "cp_plans": [
                (plan, previous[plan.pk])
                for previous in [selectors.previous_cp_plan_counts(episode.child_id)]
                for plan in episode.cp_plans.all()
            ],
        },
    )


# The capability each next step needs beyond recording the pathway: a link is offered only to
# someone who may use it (the page behind it refuses the rest).
STEP_CAPABILITY = {"cases:allocate": Capability.ALLOCATE_WORK}


def _may_take(user, step: pathway.NextStep) -> bool:
    return can(user, STEP_CAPABILITY.get(step.url_name, Capability.RECORD_PATHWAY))


def _episode_url(episode_id: int) -> str:
    return reverse("cases:episode", kwargs={"pk": episode_id})


def _caption(step: Any) -> str:
    child = step.child if hasattr(step, "child") else step.episode.child
    return f"{child.full_name}, {child.la_child_id}"


@capability_required(Capability.RECORD_PATHWAY)
def assessment_start(request: HttpRequest, pk: int) -> HttpResponse:
    episode = selectors.episode_for_change(request.user, pk)
    if why := services.may_start_assessment(episode):
        return not_now(request, why, _episode_url(pk))
    return step_page(
        request,
        step_forms.StartForm(posted(request)),
        save=lambda d: services.start_assessment(
            by=request.user, episode=episode, started_on=d["started_on"]
        ),
        done="The assessment has started.",
        heading="Start a child and family assessment",
        submit_text="Start assessment",
        back_url=_episode_url(pk),
        caption=_caption(episode),
    )


@capability_required(Capability.RECORD_PATHWAY)
def assessment_complete(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = selectors.episode_step(
        request.user, Assessment, pk, page="complete the assessment"
    )
    if why := services.may_complete_assessment(assessment):
        return not_now(request, why, _episode_url(assessment.episode_id))
    returned = assessment.authorisations.filter(state=Authorisation.State.RETURNED).last()
    # A returned assessment comes back with what the worker wrote, to mend rather than retype.
    initial = {
        "outcome": assessment.outcome,
        "analysis": assessment.analysis,
        "overdue_reason": assessment.overdue_reason,
    }
    return step_page(
        request,
        step_forms.AssessmentCompleteForm(posted(request), initial=initial),
        intro=f"{returned.decided_by} returned it: “{returned.manager_comment}”"
        if returned
        else "",
        save=lambda d: services.complete_assessment(by=request.user, assessment=assessment, **d),
        done="The assessment is complete and waiting for a manager to authorise its outcome.",
        heading="Complete the assessment",
        submit_text="Save",
        back_url=_episode_url(assessment.episode_id),
        caption=_caption(assessment),
    )


@capability_required(Capability.RECORD_PATHWAY)
def strategy_new(request: HttpRequest, pk: int) -> HttpResponse:
    episode = selectors.episode_for_change(request.user, pk)
    if why := services.episode_closed(episode):
        return not_now(request, why, _episode_url(pk))
    household = services.household_children(episode.child, for_user=request.user)
    children = visible_children(request.user).filter(pk__in=[c.pk for c in household])
    form = step_forms.StrategyDiscussionForm(
        posted(request),
        children=children,
        initial={"children_considered": [episode.child_id], "social_care_took_part": True},
    )

    def save(data: dict[str, Any]) -> None:
        considered = data.pop("children_considered")
        services.record_strategy_discussion(
            by=request.user,
            episode=episode,
            children_considered=considered,
            chair=request.user,
            **data,
        )

    return step_page(
        request,
        form,
        save=save,
        done="The strategy discussion has been recorded.",
        heading="Record a strategy discussion",
        submit_text="Save strategy discussion",
        back_url=_episode_url(pk),
        caption=_caption(episode),
    )


@capability_required(Capability.RECORD_PATHWAY)
def enquiry_complete(request: HttpRequest, pk: int) -> HttpResponse:
    enquiry = selectors.episode_step(request.user, Section47Enquiry, pk)
    if why := services.may_complete_enquiry(enquiry):
        return not_now(request, why, _episode_url(enquiry.episode_id))
    return step_page(
        request,
        step_forms.EnquiryCompleteForm(posted(request)),
        save=lambda d: services.complete_enquiry(by=request.user, enquiry=enquiry, **d),
        done="The outcome of the enquiry has been recorded.",
        heading="Record the outcome of the section 47 enquiry",
        submit_text="Save",
        back_url=_episode_url(enquiry.episode_id),
        caption=_caption(enquiry),
    )


@capability_required(Capability.RECORD_PATHWAY)
def cin_plan_start(request: HttpRequest, pk: int) -> HttpResponse:
    episode = selectors.episode_for_change(request.user, pk)
    if why := services.may_start_cin_plan(episode):
        return not_now(request, why, _episode_url(pk))
    return step_page(
        request,
        step_forms.StartForm(posted(request)),
        save=lambda d: services.start_cin_plan(
            by=request.user, episode=episode, started_on=d["started_on"]
        ),
        done="The child in need plan has started.",
        heading="Start a child in need plan",
        submit_text="Start plan",
        back_url=_episode_url(pk),
        caption=_caption(episode),
    )


@capability_required(Capability.RECORD_PATHWAY)
def cin_review_new(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.episode_step(request.user, ChildInNeedPlan, pk)
    if why := services.may_change_cin_plan(plan):
        return not_now(request, why, _episode_url(plan.episode_id))
    return step_page(
        request,
        step_forms.ChildInNeedReviewForm(posted(request)),
        save=lambda d: services.record_cin_review(by=request.user, plan=plan, **d),
        done="The child in need plan review has been recorded.",
        heading="Record a child in need plan review",
        submit_text="Save",
        back_url=_episode_url(plan.episode_id),
        caption=_caption(plan),
    )


@capability_required(Capability.RECORD_PATHWAY)
def cin_plan_end(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.episode_step(request.user, ChildInNeedPlan, pk)
    if why := services.may_end_cin_plan(plan):
        return not_now(request, why, _episode_url(plan.episode_id))
    return step_page(
        request,
        step_forms.ChildInNeedPlanEndForm(posted(request)),
        save=lambda d: services.ask_to_end_cin_plan(by=request.user, plan=plan, **d),
        done="Ending the child in need plan is now waiting for a manager to authorise it. The "
        "plan carries on until then.",
        heading="End the child in need plan",
        submit_text="End the plan",
        back_url=_episode_url(plan.episode_id),
        caption=_caption(plan),
    )


# --- The child in need plan's content: what needs to happen, and visits --------------------------


@capability_required(Capability.RECORD_PATHWAY)
def cin_action_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Add what needs to happen to a child in need plan, offering the next steps on the child's
    latest map as starting points (``?from=`` copies one into the form)."""
    plan = selectors.episode_step(request.user, ChildInNeedPlan, pk)
    suggestions = selectors.next_steps_to_offer(request.user, plan)
    chosen = next((step for step in suggestions if step.key == request.GET.get("from")), None)
    initial = (
        {
            "what": chosen.what,
            "who": chosen.who,
            "by_when": chosen.by_when,
            "from_next_step": chosen.key,
        }
        if chosen
        else {}
    )
    return step_page(
        request,
        step_forms.ChildInNeedActionForm(posted(request), initial=initial),
        save=lambda d: cin_plans.add_action(by=request.user, plan=plan, **d),
        done="What needs to happen has been added to the child in need plan.",
        heading="Add what needs to happen",
        submit_text="Add to the plan",
        back_url=_episode_url(plan.episode_id),
        caption=_caption(plan),
        template="cases/cin_action_form.html",
        suggestions=suggestions,
        chosen=chosen,
    )


@capability_required(Capability.RECORD_PATHWAY)
def cin_action_change(request: HttpRequest, pk: int) -> HttpResponse:
    """Change what needs to happen (a change form: core/revisions.py)."""
    action = selectors.cin_action_for_change(request.user, pk)
    form = step_forms.ChildInNeedActionForm(
        posted(request),
        initial={
            "what": action.what,
            "who": action.who,
            "who_user": action.who_user_id,
            "by_when": action.by_when,
        },
    )
    del form.fields["from_next_step"]
    return step_page(
        request,
        form,
        save=lambda d: cin_plans.change_action(by=request.user, action=action, **d),
        record=action,
        done="The change has been saved.",
        heading="Change what needs to happen",
        submit_text="Save the change",
        back_url=_episode_url(action.plan.episode_id),
        caption=_caption(action.plan),
    )


@capability_required(Capability.RECORD_PATHWAY)
def cin_action_done(request: HttpRequest, pk: int) -> HttpResponse:
    action = selectors.cin_action_for_change(request.user, pk)
    return step_page(
        request,
        step_forms.DoneForm(posted(request)),
        save=lambda d: cin_plans.mark_action_done(
            by=request.user, action=action, done_on=d["done_on"]
        ),
        done="It is recorded as done.",
        heading="Record that it has happened",
        submit_text="Save",
        back_url=_episode_url(action.plan.episode_id),
        caption=_caption(action.plan),
        intro=f"“{action.what}”: {action.who}, by {govuk_date(action.by_when)}",
    )


@capability_required(Capability.RECORD_PATHWAY)
def cin_visit_new(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.episode_step(request.user, ChildInNeedPlan, pk)
    return step_page(
        request,
        step_forms.ChildInNeedVisitForm(
            posted(request), initial={"visited_by": request.user.full_name}
        ),
        save=lambda d: cin_plans.record_visit(by=request.user, plan=plan, **d),
        done="The visit has been recorded.",
        heading="Record a visit to the child",
        submit_text="Save the visit",
        back_url=_episode_url(plan.episode_id),
        caption=_caption(plan),
    )


@capability_required(Capability.RECORD_PATHWAY)
def cp_plan_start(request: HttpRequest, pk: int) -> HttpResponse:
    episode = selectors.episode_for_change(request.user, pk)
    if why := services.may_start_cp_plan(episode):
        return not_now(request, why, _episode_url(pk))
    transfer = episode.transfers_in.filter(conference_held_on__isnull=True).first()
    form = step_forms.CpPlanStartForm(posted(request))
    if transfer:
        form.fields["started_on"].label = "Date of the transfer-in conference"
    return step_page(
        request,
        form,
        save=lambda d: services.start_cp_plan(by=request.user, episode=episode, **d),
        done="The child protection plan has started.",
        heading=(
            f"Record the transfer-in conference: the plan from {transfer.from_authority} "
            "continues here"
            if transfer
            else "Start a child protection plan"
        ),
        submit_text="Start plan",
        back_url=_episode_url(pk),
        caption=_caption(episode),
    )


@capability_required(Capability.RECORD_PATHWAY)
def transfer_in_new(request: HttpRequest, pk: int) -> HttpResponse:
    episode = selectors.episode_for_change(request.user, pk)
    if why := services.may_record_transfer_in(episode):
        return not_now(request, why, _episode_url(pk))
    return step_page(
        request,
        step_forms.TransferInForm(posted(request)),
        save=lambda d: services.record_transfer_in(by=request.user, episode=episode, **d),
        done="The transfer-in has been recorded. The transfer-in conference is due within 15 "
        "working days of the date you were told.",
        heading="Record a child moving here on another council's plan",
        submit_text="Save",
        back_url=_episode_url(pk),
        caption=_caption(episode),
    )


@capability_required(Capability.RECORD_PATHWAY)
def transfer_in_no_plan(request: HttpRequest, pk: int) -> HttpResponse:
    transfer = selectors.episode_step(request.user, TransferIn, pk)
    if why := services.may_record_transfer_in_conference(transfer):
        return not_now(request, why, _episode_url(transfer.episode_id))
    return step_page(
        request,
        step_forms.TransferInWithoutPlanForm(posted(request)),
        save=lambda d: services.record_transfer_in_without_plan(
            by=request.user, transfer=transfer, **d
        ),
        done="The transfer-in conference has been recorded: no plan is needed here.",
        heading="Record the transfer-in conference: no plan needed here",
        submit_text="Save",
        back_url=_episode_url(transfer.episode_id),
        caption=_caption(transfer),
    )


def _plan_end_said(result: Authorisation | ChildProtectionPlan) -> str:
    if isinstance(result, Authorisation):
        return (
            "Ending the child protection plan is now waiting for a manager to authorise it. "
            "The plan carries on until then."
        )
    return ""  # ended now: the page's own message


@capability_required(Capability.RECORD_PATHWAY)
def cp_plan_end(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.episode_step(request.user, ChildProtectionPlan, pk)
    if why := services.may_end_cp_plan(plan):
        return not_now(request, why, _episode_url(plan.episode_id))
    return step_page(
        request,
        step_forms.CpPlanEndForm(posted(request)),
        save=lambda d: _plan_end_said(services.end_cp_plan(by=request.user, plan=plan, **d)),
        done="The child protection plan has ended. Plan what happens next: a child in need "
        "plan or early help. The episode stays open until you close it.",
        heading="End the child protection plan",
        submit_text="End plan",
        back_url=_episode_url(plan.episode_id),
        caption=_caption(plan),
        template="cases/cp_plan_end.html",
        agencies=services.agencies_to_tell(plan),  # R16
    )


@capability_required(Capability.RECORD_PATHWAY)
def core_group_new(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.episode_step(request.user, ChildProtectionPlan, pk)
    if why := services.may_change_cp_plan(plan):
        return not_now(request, why, _plan_url(plan.pk))
    return step_page(
        request,
        step_forms.CoreGroupForm(posted(request)),
        save=lambda d: services.record_core_group(by=request.user, plan=plan, **d),
        done="The core group meeting has been recorded.",
        heading="Record a core group meeting",
        submit_text="Save",
        back_url=_episode_url(plan.episode_id),
        caption=_caption(plan),
    )


@capability_required(Capability.USE_CASE_WORK)
def cp_plan(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan, its actions, dates and core group: the page a core group member (a school, a
    health visitor) works from, as they cannot open the rest of the child's record."""
    plan, basis = selectors.plan_for_reading(request.user, pk)
    whole_record = basis_for(request.user, plan.episode.child_id) is not None
    return render(
        request,
        "cases/cp_plan.html",
        {
            "plan": plan,
            "child": plan.episode.child,
            "whole_record": whole_record,
            "conferences": selectors.conferences_about(request.user, plan.episode.child_id),
            "can_change": whole_record
            and can(request.user, Capability.RECORD_PATHWAY)
            and not plan.ended_on,
            "next_core_group_due": pathway.next_core_group_due(plan),
            "next_review_due": pathway.next_review_due(plan),
        },
    )


def _plan_url(plan_id: int) -> str:
    return reverse("cases:cp-plan", kwargs={"pk": plan_id})


@capability_required(Capability.RECORD_PATHWAY)
def core_group_member_add(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.episode_step(request.user, ChildProtectionPlan, pk)
    if why := services.may_change_cp_plan(plan):
        return not_now(request, why, _plan_url(plan.pk))
    return step_page(
        request,
        step_forms.CoreGroupMemberForm(posted(request)),
        save=lambda d: services.add_core_group_member(by=request.user, plan=plan, **d),
        done="They are in the core group. They can now see this plan and the child's "
        "conference papers.",
        heading="Add someone to the core group",
        submit_text="Add to core group",
        back_url=_plan_url(plan.pk),
        caption=_caption(plan),
    )


@capability_required(Capability.RECORD_PATHWAY)
def core_group_member_leave(request: HttpRequest, pk: int) -> HttpResponse:
    membership = selectors.membership_for_change(request.user, pk)
    if why := services.may_end_core_group_membership(membership):
        return not_now(request, why, _plan_url(membership.plan_id))
    return step_page(
        request,
        step_forms.LeaveCoreGroupForm(posted(request)),
        save=lambda d: services.end_core_group_membership(by=request.user, membership=membership),
        done=f"{membership.user.full_name} has left the core group. They can no longer see "
        "this plan.",
        heading=f"Remove {membership.user.full_name} from the core group?",
        submit_text="Remove from core group",
        back_url=_plan_url(membership.plan_id),
        caption=_caption(membership.plan),
    )


@capability_required(Capability.RECORD_PATHWAY)
def review_new(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.episode_step(request.user, ChildProtectionPlan, pk)
    if why := services.may_change_cp_plan(plan):
        return not_now(request, why, _plan_url(plan.pk))
    return step_page(
        request,
        step_forms.ReviewConferenceForm(posted(request)),
        save=lambda d: services.record_review_conference(by=request.user, plan=plan, **d),
        done="The review conference has been recorded.",
        heading="Record a review conference",
        submit_text="Save",
        back_url=_episode_url(plan.episode_id),
        caption=_caption(plan),
    )


@capability_required(Capability.ALLOCATE_WORK)
def allocate(request: HttpRequest, pk: int) -> HttpResponse:
    episode = selectors.episode_for_change(request.user, pk, page="allocate a worker")
    if why := services.episode_closed(episode):
        return not_now(request, why, _episode_url(pk))
    entry = selectors.open_queue_entry(episode)
    team = entry.team if entry else request.user.managed_teams.filter(is_active=True).first()
    intro = ""
    if entry and entry.kind == QueueEntry.Kind.TRANSFER:
        intro = f"{entry.from_team} offered this episode to {entry.team}: “{entry.reason}”"
    return step_page(
        request,
        step_forms.AllocateForm(posted(request), team=team),
        save=lambda d: services.allocate(by=request.user, episode=episode, **d),
        done="The episode has been allocated.",
        heading="Accept the transfer and allocate a worker" if intro else "Allocate a worker",
        submit_text="Allocate",
        back_url=_episode_url(pk),
        caption=_caption(episode),
        intro=intro,
    )


@capability_required(Capability.ALLOCATE_WORK)
def team_queue(request: HttpRequest, pk: int) -> HttpResponse:
    team = selectors.team_for_queue(request.user, pk)
    entries = selectors.queue_for_teams(request.user, [team])
    page = paging.keyset_page(entries, ("queued_at", "pk"), 50, request.GET.get("cursor"))
    return render(
        request,
        "cases/team_queue.html",
        {"team": team, "page": page, "total": entries.count()},
    )


@capability_required(Capability.ALLOCATE_WORK)
def transfer_offer(request: HttpRequest, pk: int) -> HttpResponse:
    episode = selectors.episode_for_change(request.user, pk)
    # The closed episode only: the rest of what offering a transfer needs (an allocation, no
    # other offer waiting) is asked in queues.offer_transfer, being changed now.
    if why := services.episode_closed(episode):
        return not_now(request, why, _episode_url(pk))
    return step_page(
        request,
        step_forms.TransferForm(posted(request)),
        save=lambda d: (
            queues.offer_transfer(by=request.user, episode=episode, **d)
            and f"The transfer is waiting for {d['to_team'].name}'s manager to accept it."
        ),
        done="The transfer has been offered.",
        heading="Offer the episode to another team",
        submit_text="Offer the transfer",
        back_url=_episode_url(pk),
        caption=_caption(episode),
    )


@capability_required(Capability.ALLOCATE_WORK)
def transfer_decline(request: HttpRequest, pk: int) -> HttpResponse:
    entry = selectors.queue_entry_for_change(request.user, pk)
    receiving = (entry.team.manager_id, entry.team.service_manager_id)
    if (
        entry.kind != QueueEntry.Kind.TRANSFER
        or not entry.is_open
        or request.user.pk not in receiving
    ):
        raise Http404
    return step_page(
        request,
        step_forms.ReasonForm(posted(request)),
        save=lambda d: queues.decline_transfer(by=request.user, entry=entry, reason=d["reason"]),
        done="The transfer has been declined. The episode stays with its team.",
        heading="Decline the transfer",
        submit_text="Decline the transfer",
        back_url=reverse("cases:team-queue", kwargs={"pk": entry.team_id}),
        caption=_caption(entry),
        intro=f"From {entry.from_team}: “{entry.reason}”",
    )


@require_POST
@capability_required(Capability.ALLOCATE_WORK)
def transfer_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    entry = selectors.queue_entry_for_change(request.user, pk)
    try:
        queues.withdraw_transfer(by=request.user, entry=entry)
    except PathwayRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, "The transfer has been withdrawn.")
    return redirect("cases:episode", pk=entry.episode_id)


@capability_required(Capability.AUTHORISE_WORK)
def authorisation_list(request: HttpRequest) -> HttpResponse:
    waiting = selectors.authorisations_waiting_for(request.user)
    page = paging.keyset_page(waiting, ("requested_at", "pk"), 50, request.GET.get("cursor"))
    return render(
        request,
        "cases/authorisation_list.html",
        {"page": page, "total": waiting.count()},
    )


@capability_required(Capability.AUTHORISE_WORK)
def authorisation(request: HttpRequest, pk: int) -> HttpResponse:
    asked = selectors.authorisation_for_decision(request.user, pk)
    own = asked.requested_by_id == request.user.pk
    waiting = asked.state == Authorisation.State.WAITING

    def decide(d: dict[str, Any]) -> str:
        if d["decision"] == "authorise":
            oversight.authorise(by=request.user, authorisation=asked, comment=d["comment"])
            return f"Authorised: {asked.get_kind_display().lower()}."
        oversight.return_to_worker(by=request.user, authorisation=asked, reason=d["comment"])
        return f"Returned to {asked.requested_by} with your reasons."

    return form_page(
        request,
        step_forms.AuthorisationForm(posted(request) if waiting and not own else None),
        # A request that is not the person's to decide shows why, and takes no answer.
        save=decide,
        refused=PathwayRefused,
        done="Saved.",
        template="cases/authorisation.html",
        back_url=_episode_url(asked.episode_id),
        asked=asked,
        own=own,
        waiting=waiting,
        proposal=oversight.proposal_rows(asked),
    )


@capability_required(Capability.AUTHORISE_WORK)
def oversight_new(request: HttpRequest, pk: int) -> HttpResponse:
    episode = selectors.episode_for_change(request.user, pk)
    return step_page(
        request,
        step_forms.OversightForm(posted(request)),
        save=lambda d: oversight.record_oversight(by=request.user, episode=episode, **d),
        done="The management oversight has been recorded.",
        heading="Record management oversight or supervision",
        submit_text="Save",
        back_url=_episode_url(pk),
        caption=_caption(episode),
    )


@capability_required(Capability.RECORD_PATHWAY)
def direction_done(request: HttpRequest, pk: int) -> HttpResponse:
    given = selectors.oversight_for_change(request.user, pk)
    if why := oversight.may_mark_direction_done(given):
        return not_now(request, why, _episode_url(given.episode_id))
    return step_page(
        request,
        step_forms.DoneForm(posted(request)),
        save=lambda d: oversight.mark_direction_done(
            by=request.user, oversight=given, done_on=d["done_on"]
        ),
        done="The direction is recorded as done.",
        heading="Record that the direction is done",
        submit_text="Save",
        back_url=_episode_url(given.episode_id),
        caption=_caption(given),
        intro=f"{given.recorded_by}: “{given.direction}”, due {govuk_date(given.direction_due)}",
    )


@capability_required(Capability.USE_CASE_WORK)
def work_due_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    items = [(item, item.overdue(today)) for item in work_due(request.user)]
    return render(
        request,
        "cases/work_due.html",
        {"page": Paginator(items, 50).get_page(request.GET.get("page"))},
    )


@capability_required(Capability.RECORD_PATHWAY)
def close(request: HttpRequest, pk: int) -> HttpResponse:
    # The page shows who is in the safety network now (below): the read is audited.
    episode = selectors.episode_for_change(request.user, pk, page="close the episode")
    if why := services.may_ask_to_close(episode):
        return not_now(request, why, _episode_url(pk))
    form = step_forms.CloseEpisodeForm(posted(request))
    # R33: what the safety network holds now, next to the question (safetymap/safety).
    from safetymap.safety.selectors import network_status_for_closure

    network_now = network_status_for_closure(request.user, episode)
    field = form.fields["network_continuation"]
    field.help_text = f"{field.help_text}. {network_now}" if network_now else field.help_text
    return step_page(
        request,
        form,
        save=lambda d: services.ask_to_close(by=request.user, episode=episode, **d),
        done="Closing the episode is waiting for a manager to authorise it.",
        heading="Close the episode",
        submit_text="Ask a manager to authorise the closure",
        back_url=_episode_url(pk),
        caption=_caption(episode),
    )


def _chronology_wanted(request: HttpRequest) -> tuple[Any, dict[str, Any], bool]:
    """The chronology's filters from the query string (kept by its page links and its printout)."""
    filters = step_forms.ChronologyFilterForm(request.GET if "filter" in request.GET else None)
    wanted: dict[str, Any] = {}
    if filters.is_valid():
        wanted = {
            "kinds": set(filters.cleaned_data["kinds"]) or None,
            "start": filters.cleaned_data["start"],
            "end": filters.cleaned_data["end"],
        }
    curated = request.GET.get("curated") == "1"
    if curated:
        wanted["kinds"] = {"significant"}
    return filters, wanted, curated


@capability_required(Capability.USE_CASE_WORK)
def chronology(request: HttpRequest, pk: int) -> HttpResponse:
    filters, wanted, curated = _chronology_wanted(request)
    child, page = selectors.child_chronology(
        request.user, pk, cursor=request.GET.get("cursor"), **wanted
    )
    printable = request.GET.copy()
    printable.pop(paging.CURSOR_PARAMETER, None)
    return render(
        request,
        "cases/chronology.html",
        {
            "child": child,
            "page": page,
            "entries": page.rows,
            "filters": filters,
            "curated": curated,
            "print_query": printable.urlencode(),
        },
    )


PRINT_CHUNK = 200  # entries rendered at a time into the streamed printout


@capability_required(Capability.USE_CASE_WORK)
def chronology_printable(request: HttpRequest, pk: int) -> StreamingHttpResponse:
    """The whole chronology (with the page's filters) as one page to print or save as PDF. It is
    streamed, entries rendered a chunk at a time as they are read, so a long history neither
    waits for the whole page nor holds it in memory."""
    filters, wanted, curated = _chronology_wanted(request)
    child, entries = selectors.child_chronology_in_full(request.user, pk, **wanted)
    head, tail = render_to_string(
        "cases/chronology_print.html",
        {"child": child, "filters": filters, "curated": curated, "ROWS": _ROWS},
        request=request,
    ).split(_ROWS)

    def parts():
        yield head
        chunk: list = []
        for entry in entries:
            chunk.append(entry)
            if len(chunk) == PRINT_CHUNK:
                yield render_to_string("cases/_chronology_rows.html", {"entries": chunk})
                chunk = []
        if chunk:
            yield render_to_string("cases/_chronology_rows.html", {"entries": chunk})
        yield tail

    response = StreamingHttpResponse(parts(), content_type="text/html; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response


_ROWS = "<!-- the chronology's entries -->"


@capability_required(Capability.RECORD_PATHWAY)
def case_note_new(request: HttpRequest, pk: int) -> HttpResponse:
    child, _ = selectors.child_for_work(request.user, pk)
    return step_page(
        request,
        step_forms.CaseNoteForm(posted(request)),
        save=lambda d: services.add_case_note(by=request.user, child=child, **d),
        done="The case note has been added.",
        heading="Add a case note",
        submit_text="Save note",
        back_url=reverse("cases:chronology", kwargs={"pk": pk}),
        caption=f"{child.full_name}, {child.la_child_id}",
    )


@capability_required(Capability.RECORD_PATHWAY)
def significant_event_new(request: HttpRequest, pk: int) -> HttpResponse:
    child, basis = selectors.child_for_work(request.user, pk)
    note_id = addresses.record_id(request, "note")
    note = CaseNote.objects.filter(pk=note_id, child=child).first() if note_id else None
    if note and request.method == "GET":  # the page shows the note's words
        record(actor=request.user, action=Action.VIEW, subject=note, basis=basis)
    initial = (
        {
            "occurred_on": note.happened_on,
            "what_happened": note.text,
            "source": f"{note.get_note_type_display()} recorded by {note.author}",
        }
        if note
        else {}
    )
    return step_page(
        request,
        step_forms.SignificantEventForm(posted(request), initial=initial),
        save=lambda d: services.record_significant_event(
            by=request.user, child=child, from_note=note, **d
        ),
        done="The significant event has been added to the chronology.",
        heading="Add a significant event",
        submit_text="Save event",
        back_url=reverse("cases:chronology", kwargs={"pk": pk}),
        caption=f"{child.full_name}, {child.la_child_id}",
    )
