"""Retention pages for the privacy officer: records due, review, destroy, legal holds, schedules
and the disposal records. Thin: each calls one selector or service."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from safetymap.access.decorators import capability_required
from safetymap.access.policy import Capability
from safetymap.core.views import form_page, posted
from safetymap.retention import selectors, services
from safetymap.retention.forms import (
    DestroyForm,
    HoldForm,
    ReleaseForm,
    ReviewForm,
    ScheduleForm,
)
from safetymap.retention.selectors import APPROVAL_LASTS_DAYS, Status

MANAGE = capability_required(Capability.MANAGE_RETENTION)
BACK = {"back_url": "/retention/", "back_text": "Back to records due for disposal"}


@MANAGE
def due(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "retention/due.html",
        {"due": selectors.records_due(request.user), "approval_days": APPROVAL_LASTS_DAYS},
    )


@MANAGE
def review(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = selectors.candidate_for(request.user, pk)
    if candidate is None or candidate.status == Status.SHARED:
        raise Http404
    return form_page(
        request,
        ReviewForm(posted(request)),
        save=lambda d: services.review_record(by=request.user, child_id=pk, **d),
        refused=services.RetentionRefused,
        done=f"Your review of {candidate.la_child_id} is saved.",
        template="retention/review.html",
        candidate=candidate,
        heading=f"Review record {candidate.la_child_id}",
        submit_text="Save the review",
        **BACK,
    )


@MANAGE
def destroy(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = selectors.candidate_for(request.user, pk)
    if candidate is None or candidate.status != Status.APPROVED:
        raise Http404

    def destroy_it(data: dict) -> str:
        disposal = services.destroy_record(by=request.user, child_id=pk, **data)
        return (
            f"Record {disposal.la_child_id} has been destroyed: {disposal.total_rows} rows and "
            f"{disposal.files_removed} files. The disposal record is kept."
        )

    return form_page(
        request,
        DestroyForm(posted(request)),
        save=destroy_it,
        refused=services.RetentionRefused,
        done="The record has been destroyed.",
        template="retention/destroy.html",
        next_url=reverse("retention:disposals"),
        candidate=candidate,
        same_person=candidate.review.decided_by_id == request.user.pk,
        heading=f"Destroy record {candidate.la_child_id}",
        submit_text="Destroy this record",
        **BACK,
    )


@MANAGE
def holds(request: HttpRequest) -> HttpResponse:
    live, released = selectors.holds(request.user)
    return render(request, "retention/holds.html", {"live": live, "released": released})


@MANAGE
def hold_place(request: HttpRequest) -> HttpResponse:
    return form_page(
        request,
        HoldForm(posted(request)),
        save=lambda d: (
            f"Record {services.place_hold(by=request.user, **d).child.la_child_id} is on legal "
            "hold."
        ),
        refused=services.RetentionRefused,
        done="The record is on legal hold.",
        template="core/form_page.html",
        back_url=reverse("retention:holds"),
        back_text="Back to legal holds",
        heading="Place a legal hold",
        submit_text="Place the hold",
    )


@MANAGE
def hold_release(request: HttpRequest, pk: int) -> HttpResponse:
    hold = selectors.live_hold(request.user, pk)
    if hold is None:
        raise Http404
    return form_page(
        request,
        ReleaseForm(posted(request)),
        save=lambda d: services.release_hold(by=request.user, hold=hold, **d),
        refused=services.RetentionRefused,
        done=f"The legal hold on {hold.child.la_child_id} is released.",
        template="retention/hold_release.html",
        back_url=reverse("retention:holds"),
        back_text="Back to legal holds",
        hold=hold,
        heading=f"Release the legal hold on {hold.child.la_child_id}",
        submit_text="Release the hold",
    )


@MANAGE
def schedules(request: HttpRequest) -> HttpResponse:
    return render(
        request, "retention/schedules.html", {"schedules": selectors.schedules(request.user)}
    )


@MANAGE
def schedule_change(request: HttpRequest, pk: int) -> HttpResponse:
    retention_schedule = selectors.schedule_by_pk(request.user, pk)
    if retention_schedule is None:
        raise Http404
    form = ScheduleForm(
        posted(request),
        record_type=retention_schedule.record_type,
        initial={
            "anchor": retention_schedule.anchor,
            "years": retention_schedule.years,
            "months": retention_schedule.months,
            "policy_reference": retention_schedule.policy_reference,
        },
    )
    return form_page(
        request,
        form,
        save=lambda d: services.change_schedule(
            by=request.user, retention_schedule=retention_schedule, **d
        ),
        refused=services.RetentionRefused,
        record=retention_schedule,
        done="The retention schedule is saved.",
        template="retention/schedule_change.html",
        back_url=reverse("retention:schedules"),
        back_text="Back to retention schedules",
        schedule=retention_schedule,
        heading=retention_schedule.get_record_type_display(),
        submit_text="Save the schedule",
    )


@MANAGE
def disposals(request: HttpRequest) -> HttpResponse:
    return render(
        request, "retention/disposals.html", {"disposals": selectors.disposals(request.user)}
    )
