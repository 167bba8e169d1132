"""Emergency ("break-glass") access and the privacy officer's review, restricting a record, and
the out-of-hours duty rota."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from safetymap.access import selectors, services
from safetymap.access.decorators import capability_required
from safetymap.access.forms import (
    DutyShiftForm,
    EmergencyAccessForm,
    EmergencyReviewForm,
    EndDutyShiftForm,
    RestrictRecordForm,
)
from safetymap.access.models import AccessGrant, DutyShift, GrantBasis
from safetymap.access.policy import Capability
from safetymap.core import pickers
from safetymap.core.views import form_page, posted, show_refusal


@capability_required(Capability.OPEN_IN_EMERGENCY)
def emergency_open(request: HttpRequest) -> HttpResponse:
    form = EmergencyAccessForm(posted(request))
    if form.is_valid():
        try:
            grant = services.open_in_emergency(
                request=request, by=request.user, **form.cleaned_data
            )
        except services.EmergencyRefused as refusal:
            show_refusal(form, refusal)
        else:
            return redirect("people:child", pk=grant.child_id)
    return render(
        request,
        "access/emergency_open.html",
        {
            "form": form,
            "heading": "Open a record in an emergency",
            "emergency_hours": settings.SAFETYMAP_EMERGENCY_ACCESS_HOURS,
            "submit_text": "Open the record",
            "back_url": reverse("people:children"),
            "back_text": "Back to children",
        },
    )


@capability_required(Capability.VIEW_ACCESS_REPORTS)
def emergency_list(request: HttpRequest) -> HttpResponse:
    grants = (
        AccessGrant.objects.filter(basis=GrantBasis.EMERGENCY)
        .select_related("user", "child", "review__reviewed_by")
        .order_by("-starts_at")
    )
    waiting = [g for g in grants if not hasattr(g, "review")]
    reviewed = [g for g in grants if hasattr(g, "review")]
    return render(request, "access/emergency_list.html", {"waiting": waiting, "reviewed": reviewed})


@capability_required(Capability.VIEW_ACCESS_REPORTS)
def emergency_review(request: HttpRequest, pk: int) -> HttpResponse:
    grant = (
        AccessGrant.objects.filter(pk=pk, basis=GrantBasis.EMERGENCY)
        .select_related("user", "child")
        .first()
    )
    if grant is None:
        raise Http404
    form = EmergencyReviewForm(posted(request))
    if form.is_valid():
        try:
            services.review_emergency_access(by=request.user, grant=grant, **form.cleaned_data)
        except services.EmergencyRefused as refusal:
            show_refusal(form, refusal)
        else:
            return redirect("access:emergency-list")
    return render(
        request,
        "access/emergency_review.html",
        {
            "form": form,
            "grant": grant,
            "heading": "Review emergency access",
            "submit_text": "Save the review",
            "back_url": reverse("access:emergency-list"),
            "back_text": "Back to emergency access",
        },
    )


@capability_required(Capability.RESTRICT_RECORDS)
def restrict(request: HttpRequest, pk: int) -> HttpResponse:
    from safetymap.people.selectors import child_in_sight

    child = child_in_sight(request.user, pk, page="restrict the record")
    form = RestrictRecordForm(posted(request), organisation=request.user.organisation)
    pickers.narrow(form, request)
    if form.is_valid():
        try:
            services.restrict_record(
                by=request.user,
                child=child,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
                people=list(form.cleaned_data["people"]),
            )
        except services.EmergencyRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            return redirect("people:child", pk=pk)
    return render(
        request,
        "access/restrict.html",
        {
            "form": form,
            "child": child,
            "heading": f"Restrict the record of {child.full_name}",
            "submit_text": "Restrict the record",
            "back_url": reverse("people:child", kwargs={"pk": pk}),
            "back_text": f"Back to {child.full_name}",
        },
    )


# --- The out-of-hours duty rota (team and service managers) ---------------------------------


@capability_required(Capability.ALLOCATE_WORK)
def duty_rota(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    shifts = selectors.duty_rota()
    return render(
        request,
        "access/duty_rota.html",
        {
            "current": [s for s in shifts if s.starts_at <= now < s.ends_at],
            "coming": [s for s in shifts if s.starts_at > now],
            "past": [s for s in shifts if s.ends_at <= now][::-1],
        },
    )


@capability_required(Capability.ALLOCATE_WORK)
def duty_shift_add(request: HttpRequest) -> HttpResponse:
    form = DutyShiftForm(posted(request), by=request.user)
    return form_page(
        request,
        form,
        save=lambda d: services.record_duty_shift(
            by=request.user, worker=d["worker"], **form.shift_times()
        ),
        refused=services.RotaRefused,
        done="The shift is on the rota. During it, they can search every child's record.",
        template="core/form_page.html",
        back_url=reverse("access:duty-rota"),
        heading="Put someone on out-of-hours duty",
        submit_text="Add to the rota",
    )


@capability_required(Capability.ALLOCATE_WORK)
def duty_shift_end(request: HttpRequest, pk: int) -> HttpResponse:
    shift = get_object_or_404(DutyShift.objects.select_related("worker"), pk=pk)
    return form_page(
        request,
        EndDutyShiftForm(posted(request)),
        save=lambda d: services.end_duty_shift(by=request.user, shift=shift),
        refused=services.RotaRefused,
        done=f"{shift.worker.full_name}'s shift has ended or been taken off the rota.",
        template="core/form_page.html",
        back_url=reverse("access:duty-rota"),
        heading=f"End {shift.worker.full_name}'s out-of-hours shift?",
        submit_text="End the shift",
    )
