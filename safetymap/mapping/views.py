from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_POST

from safetymap.access.decorators import capability_required
from safetymap.access.policy import Capability, can
from safetymap.cases.selectors import episode_for_change
from safetymap.cases.services import household_children
from safetymap.cases.views import step_page
from safetymap.core import addresses
from safetymap.core.views import not_now, posted
from safetymap.mapping import forms as map_forms
from safetymap.mapping import presentation, selectors, services
from safetymap.mapping.compare import compare
from safetymap.mapping.errors import MapRefused


def _map_url(pk: int) -> str:
    return reverse("mapping:map", kwargs={"pk": pk})


def _caption(sos_map) -> str:
    child = sos_map.episode.child
    return f"{child.full_name}: {sos_map}"


@capability_required(Capability.RECORD_PATHWAY)
def map_start(request: HttpRequest, pk: int) -> HttpResponse:
    episode = episode_for_change(request.user, pk)
    created: dict[str, Any] = {}

    def save(data: dict[str, Any]) -> None:
        created["map"] = services.start_map(by=request.user, episode=episode, **data)

    response = step_page(
        request,
        map_forms.StartMapForm(
            posted(request),
            siblings=sorted(
                household_children(episode.child, for_user=request.user) - {episode.child},
                key=lambda c: c.full_name,
            ),
        ),
        save=save,
        done="The map has been started.",
        heading="Start a Signs of Safety map",
        submit_text="Start map",
        back_url=reverse("cases:episode", kwargs={"pk": pk}),
        caption=f"{episode.child.full_name}, {episode.child.la_child_id}",
    )
    if "map" in created:
        return redirect("mapping:map", pk=created["map"].pk)
    return response


@capability_required(Capability.USE_CASE_WORK)
def map_detail(request: HttpRequest, pk: int) -> HttpResponse:
    sos_map = selectors.open_map(request.user, pk)
    return render(
        request,
        "mapping/map_detail.html",
        {
            **presentation.map_context(sos_map),
            "can_edit": can(request.user, Capability.RECORD_PATHWAY) and not sos_map.is_final,
        },
    )


@capability_required(Capability.USE_CASE_WORK)
def family_version(request: HttpRequest, pk: int) -> HttpResponse:
    sos_map = selectors.open_map(request.user, pk)
    return render(request, "mapping/family_version.html", presentation.map_context(sos_map))


def _edit_page(
    request: HttpRequest,
    pk: int,
    form_class,
    save_with,
    *,
    heading: str,
    submit_text: str,
    done: str,
    **form_kwargs,
) -> HttpResponse:
    sos_map = selectors.open_map(request.user, pk, audit=request.method == "GET")
    statements = sos_map.danger_statements.all()
    if form_kwargs.pop("with_statements", False):
        form_kwargs["danger_statements"] = statements
    if form_kwargs.pop("with_children", False):
        form_kwargs["map_children"] = list(sos_map.children.all())
    form = form_class(posted(request), **form_kwargs)
    return step_page(
        request,
        form,
        save=lambda data: save_with(sos_map, data),
        done=done,
        heading=heading,
        submit_text=submit_text,
        back_url=_map_url(pk),
        caption=_caption(sos_map),
    )


@capability_required(Capability.RECORD_PATHWAY)
def item_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _edit_page(
        request,
        pk,
        map_forms.ItemForm,
        lambda m, d: services.add_item(by=request.user, sos_map=m, **d),
        heading="Add to the map",
        submit_text="Add",
        done="Added to the map.",
        with_statements=True,
        with_children=True,
    )


@capability_required(Capability.RECORD_PATHWAY)
def danger_statement_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _edit_page(
        request,
        pk,
        map_forms.DangerStatementForm,
        lambda m, d: services.add_danger_statement(by=request.user, sos_map=m, **d),
        heading="Write a danger statement",
        submit_text="Save danger statement",
        done="The danger statement has been added. Now write its safety goal.",
    )


@capability_required(Capability.RECORD_PATHWAY)
def safety_goal_set(request: HttpRequest, pk: int, seq_no: int) -> HttpResponse:
    sos_map = selectors.open_map(request.user, pk, audit=request.method == "GET")
    statement = next((s for s in sos_map.danger_statements.all() if s.seq_no == seq_no), None)
    if statement is None:
        raise Http404
    existing = next(
        (g for g in sos_map.safety_goals.all() if g.danger_statement_id == statement.pk), None
    )
    initial = (
        {
            "what_will_be_happening": existing.what_will_be_happening,
            "what_the_child_will_experience": existing.what_the_child_will_experience,
            "what_professionals_need_to_see": existing.what_professionals_need_to_see,
            "for_how_long": existing.for_how_long,
        }
        if existing
        else {}
    )
    return step_page(
        request,
        map_forms.SafetyGoalForm(posted(request), initial=initial),
        save=lambda d: services.set_safety_goal(
            by=request.user, danger_statement=statement, replacing=existing is not None, **d
        ),
        record=existing,
        done="The safety goal has been saved.",
        heading=f"Safety goal for danger statement {seq_no}",
        submit_text="Save safety goal",
        back_url=_map_url(pk),
        caption=statement.text,
    )


@capability_required(Capability.RECORD_PATHWAY)
def rating_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _edit_page(
        request,
        pk,
        map_forms.RatingForm,
        lambda m, d: services.rate(by=request.user, sos_map=m, **d),
        heading="Add a safety scale rating",
        submit_text="Save rating",
        done="The rating has been saved.",
        with_statements=True,
    )


@capability_required(Capability.USE_CASE_WORK)
def escalation_response(request: HttpRequest, pk: int) -> HttpResponse:
    """R24: the chair or a manager records what is being done about a low rating."""
    rating = selectors.escalated_rating(request.user, pk)
    return step_page(
        request,
        map_forms.EscalationResponseForm(posted(request)),
        save=lambda d: services.record_escalation_response(by=request.user, rating=rating, **d),
        done="The action taken has been recorded.",
        heading="Record the action taken on a low safety rating",
        submit_text="Save",
        may=lambda: services.may_record_escalation_response(request.user, rating),
        back_url=_map_url(rating.map_id),
        caption=f"{rating.rater} rated safety at {rating.value}: {rating.reason}",
    )


@capability_required(Capability.USE_CASE_WORK)
def compare_versions(request: HttpRequest, pk: int) -> HttpResponse:
    """Compare a map with an earlier one of the same child (by default the version before)."""
    after = selectors.open_map(request.user, pk)
    other_pk = addresses.record_id(request, "with") or after.supersedes_id
    if other_pk is None:
        raise Http404
    before = selectors.open_map(request.user, other_pk)
    if before.episode.child_id != after.episode.child_id:
        raise Http404
    comparison = compare(services.content_of(before), services.content_of(after))
    return render(
        request,
        "mapping/compare.html",
        {
            "before": before,
            "after": after,
            "child": after.episode.child,
            "comparison": comparison,
            "changed_wording": [w for w in comparison.wording if w.changed],
        },
    )


@capability_required(Capability.RECORD_PATHWAY)
def item_change(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    sos_map = selectors.open_map(request.user, pk, audit=request.method == "GET")
    item = next((i for i in sos_map.items.all() if i.pk == item_pk), None)
    if item is None:
        raise Http404
    initial = {
        "category": item.category,
        "text": item.text,
        "source": item.source,
        "danger_statement": item.danger_statement_id,
        "owner": item.owner,
        "due_on": item.due_on,
        "agreed_by": item.agreed_by,
        "disputed_by": item.disputed_by,
        "children": [child.pk for child in item.children.all()],
    }
    form = map_forms.ItemForm(
        posted(request),
        initial=initial,
        danger_statements=sos_map.danger_statements.all(),
        map_children=list(sos_map.children.all()),
    )
    form.fields["category"].disabled = True
    form.fields["danger_statement"].disabled = True
    return step_page(
        request,
        form,
        save=lambda d: services.change_item(
            by=request.user,
            item=item,
            **{k: v for k, v in d.items() if k not in {"category", "danger_statement"}},
        ),
        record=item,
        done="The change has been saved.",
        heading="Change this part of the map",
        submit_text="Save change",
        back_url=_map_url(pk),
        back_text="Back to the map",
        caption=_caption(sos_map),
        template="mapping/item_change.html",
    )


@capability_required(Capability.USE_CASE_WORK)
def live(request: HttpRequest, pk: int) -> HttpResponse:
    """What the live map page fetches: nothing (204) if nothing on the map has changed since its
    token, else its danger statements and goals, three columns and scale again. Every poll is
    access-checked; one that sends the map is audited, at most every few minutes per session
    (selectors.live_map says why)."""
    token = selectors.live_token_for(request.user, pk)
    if token == request.GET.get("token"):
        return HttpResponse(status=204)
    sos_map = selectors.live_map(request.user, pk, request.session)
    context = {
        **presentation.map_context(sos_map),
        "can_edit": can(request.user, Capability.RECORD_PATHWAY) and not sos_map.is_final,
    }
    sections = {
        name: render_to_string(f"mapping/_{name}.html", context, request=request)
        for name in ("statements", "columns", "scale")
    }
    return JsonResponse(
        {
            "sections": sections,
            "token": context["live_token"],
            "announcement": "The map has been updated.",
        }
    )


@require_POST
@capability_required(Capability.RECORD_PATHWAY)
def finalise(request: HttpRequest, pk: int) -> HttpResponse:
    sos_map = selectors.open_map(request.user, pk, audit=False)
    try:
        services.finalise(by=request.user, sos_map=sos_map)
    except MapRefused as refusal:
        for message, _field in refusal.problems:
            messages.error(request, message)
    else:
        messages.success(request, "The map is final. It can no longer be changed.")
    return redirect("mapping:map", pk=pk)


@require_POST
@capability_required(Capability.RECORD_PATHWAY)
def share(request: HttpRequest, pk: int) -> HttpResponse:
    sos_map = selectors.open_map(request.user, pk, audit=False)
    try:
        services.share_with_family(by=request.user, sos_map=sos_map)
    except MapRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, "The map is marked as shared with the family.")
    return redirect("mapping:map", pk=pk)


@capability_required(Capability.RECORD_PATHWAY)
def goal_review(request: HttpRequest, pk: int) -> HttpResponse:
    """R33: review each safety goal of the episode's latest map before the case closes."""
    from safetymap.mapping import closure

    episode = episode_for_change(request.user, pk)
    goals = selectors.goals_for_review(request.user, episode, audit=request.method == "GET")
    if why := closure.may_review_goals(episode, goals):
        return not_now(request, why, reverse("cases:episode", kwargs={"pk": pk}))
    form = map_forms.GoalReviewForm(posted(request), goals=goals)
    return step_page(
        request,
        form,
        save=lambda d: closure.review_safety_goals(
            by=request.user, episode=episode, outcomes=form.outcomes()
        ),
        done="The safety goals have been reviewed.",
        heading="Review the safety goals",
        submit_text="Save the review",
        back_url=reverse("cases:episode", kwargs={"pk": pk}),
        caption=f"{episode.child.full_name}, {episode.child.la_child_id}",
        template="mapping/goal_review.html",
        goals=goals,
    )
