"""Retention pages for the privacy officer: records due, review, destroy, legal holds, schedules
and the disposal records. Thin: each calls one selector or service."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from safetymap.access.decorators import capability_required
from safetymap.access.policy import Capability
from safetymap.core.views import posted, show_refusal
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
    form = ReviewForm(posted(request))
    if form.is_valid():
        try:
            services.review_record(by=request.user, child_id=pk, **form.cleaned_data)
        except services.RetentionRefused as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, f"Your review of {candidate.la_child_id} is saved.")
            return redirect("retention:due")
    return render(
        request,
        "retention/review.html",
        {
            "form": form,
            "candidate": candidate,
            "heading": f"Review record {candidate.la_child_id}",
            "submit_text": "Save the review",
            **BACK,
        },
    )


@MANAGE
def destroy(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = selectors.candidate_for(request.user, pk)
    if candidate is None or candidate.status != Status.APPROVED:
        raise Http404
    form = DestroyForm(posted(request))
    if form.is_valid():
        try:
            disposal = services.destroy_record(by=request.user, child_id=pk, **form.cleaned_data)
        except services.RetentionRefused as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(
                request,
                f"Record {disposal.la_child_id} has been destroyed: {disposal.total_rows} "
                f"rows and {disposal.files_removed} files. The disposal record is kept.",
            )
            return redirect("retention:disposals")
    return render(
        request,
        "retention/destroy.html",
        {
            "form": form,
            "candidate": candidate,
            "same_person": candidate.review.decided_by_id == request.user.pk,
            "heading": f"Destroy record {candidate.la_child_id}",
            "submit_text": "Destroy this record",
            **BACK,
        },
    )


@MANAGE
def holds(request: HttpRequest) -> HttpResponse:
    live, released = selectors.holds(request.user)
    return render(request, "retention/holds.html", {"live": live, "released": released})


@MANAGE
def hold_place(request: HttpRequest) -> HttpResponse:
    form = HoldForm(posted(request))
    if form.is_valid():
        try:
            hold = services.place_hold(by=request.user, **form.cleaned_data)
        except services.RetentionRefused as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, f"Record {hold.child.la_child_id} is on legal hold.")
            return redirect("retention:holds")
    return render(
        request,
        "core/form_page.html",
        {
            "form": form,
            "heading": "Place a legal hold",
            "submit_text": "Place the hold",
            "back_url": reverse("retention:holds"),
            "back_text": "Back to legal holds",
        },
    )


@MANAGE
def hold_release(request: HttpRequest, pk: int) -> HttpResponse:
    hold = selectors.live_hold(request.user, pk)
    if hold is None:
        raise Http404
    form = ReleaseForm(posted(request))
    if form.is_valid():
        try:
            services.release_hold(by=request.user, hold=hold, **form.cleaned_data)
        except services.RetentionRefused as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, f"The legal hold on {hold.child.la_child_id} is released.")
            return redirect("retention:holds")
    return render(
        request,
        "retention/hold_release.html",
        {
            "form": form,
            "hold": hold,
            "heading": f"Release the legal hold on {hold.child.la_child_id}",
            "submit_text": "Release the hold",
            "back_url": reverse("retention:holds"),
            "back_text": "Back to legal holds",
        },
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
    if form.is_valid():
        try:
            services.change_schedule(
                by=request.user, retention_schedule=retention_schedule, **form.cleaned_data
            )
        except services.RetentionRefused as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, "The retention schedule is saved.")
            return redirect("retention:schedules")
    return render(
        request,
        "retention/schedule_change.html",
        {
            "form": form,
            "schedule": retention_schedule,
            "heading": retention_schedule.get_record_type_display(),
            "submit_text": "Save the schedule",
            "back_url": reverse("retention:schedules"),
            "back_text": "Back to retention schedules",
        },
    )


@MANAGE
def disposals(request: HttpRequest) -> HttpResponse:
    return render(
        request, "retention/disposals.html", {"disposals": selectors.disposals(request.user)}
    )
