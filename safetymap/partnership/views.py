from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.text import slugify

from safetymap.access.decorators import capability_required
from safetymap.access.policy import Capability, can
from safetymap.core import public_forms
from safetymap.core.views import form_page as core_form_page
from safetymap.core.views import not_now, posted
from safetymap.partnership import charts, selectors, services
from safetymap.partnership import dashboard as implementation
from safetymap.partnership import forms as partnership_forms
from safetymap.partnership.forms import BriefingRequestFilterForm, SessionFilterForm
from safetymap.partnership.models import (
    BookingStatus,
    BriefingRequest,
    CourseType,
    PracticeStory,
    StoryStatus,
    TrainingSession,
)
from safetymap.partnership.services import PartnershipRefused

MANAGE = Capability.MANAGE_PARTNERSHIP
RUN = Capability.RUN_TRAINING
BOOK = Capability.BOOK_TRAINING


def form_page(
    request: HttpRequest,
    form: forms.Form,
    *,
    save: Callable[[dict[str, Any]], str | None],
    done: str,
    heading: str,
    submit_text: str,
    back_url: str,
    template: str = "partnership/form.html",
    **context: Any,
) -> HttpResponse:
    """One form, then one service; a refusal is shown as a GOV.UK error and nothing is saved.
    ``save`` may return a message to show instead of ``done``."""
    return core_form_page(
        request,
        form,
        save=save,
        refused=PartnershipRefused,
        done=done,
        template=template,
        back_url=back_url,
        heading=heading,
        submit_text=submit_text,
        **context,
    )


# --- Request a briefing (public) ------------------------------------------------------------------


def briefing_request(request: HttpRequest) -> HttpResponse:
    form = partnership_forms.BriefingRequestForm(posted(request))
    if request.method == "POST":
        if public_forms.filled_honeypot(request):
            # Say nothing a bot could learn from: it looks sent, and nothing is kept.
            return redirect("partnership:briefing-request-sent")
        if public_forms.reached(public_forms.BRIEFING_REQUESTS, request):
            form.is_valid()  # so the answers stay on the page
            form.add_error(
                None,
                "You have sent several requests in the last hour. Try again later, or email the "
                "partnership if it is urgent.",
            )
        elif form.is_valid():
            briefing = services.submit_briefing_request(**form.cleaned_data)
            public_forms.count(public_forms.BRIEFING_REQUESTS, request)
            request.session["briefing_reference"] = briefing.reference
            return redirect("partnership:briefing-request-sent")
    return render(
        request,
        "partnership/briefing_request_form.html",
        {
            "form": form,
            "heading": "Request a Signs of Safety briefing",
            "submit_text": "Send request",
            "honeypot": public_forms.HONEYPOT_FIELD,
        },
    )


def briefing_request_sent(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "partnership/briefing_request_sent.html",
        {"reference": request.session.get("briefing_reference", "")},
    )


# --- Working the requests -------------------------------------------------------------------------


@capability_required(MANAGE)
def briefing_requests(request: HttpRequest) -> HttpResponse:
    filters = BriefingRequestFilterForm(request.GET if "filter" in request.GET else None)
    status = filters.cleaned_data["status"] if filters.is_valid() else ""
    outstanding, closed = selectors.briefing_request_pages(
        request.GET.get("outstanding"), request.GET.get("closed"), status=status
    )
    return render(
        request,
        "partnership/briefing_requests.html",
        {"outstanding": outstanding, "closed": closed, "filters": filters},
    )


@capability_required(MANAGE)
def briefing_request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    briefing = get_object_or_404(BriefingRequest, pk=pk)
    return render(request, "partnership/briefing_request_detail.html", {"briefing": briefing})


@capability_required(MANAGE)
def briefing_schedule(request: HttpRequest, pk: int) -> HttpResponse:
    briefing = get_object_or_404(BriefingRequest, pk=pk)
    form = partnership_forms.DateForm(
        posted(request), label="Date of the briefing", initial={"on": briefing.scheduled_for}
    )
    return form_page(
        request,
        form,
        save=lambda data: services.schedule_briefing(
            by=request.user, briefing=briefing, on=data["on"]
        ),
        done=f"The briefing for {briefing.organisation} is scheduled.",
        heading=f"Schedule the briefing for {briefing.organisation}",
        submit_text="Schedule briefing",
        back_url=reverse("partnership:briefing-request-detail", args=[pk]),
    )


@capability_required(MANAGE)
def briefing_delivered(request: HttpRequest, pk: int) -> HttpResponse:
    briefing = get_object_or_404(BriefingRequest, pk=pk)
    form = partnership_forms.DateForm(
        posted(request), label="Date it was delivered", initial={"on": briefing.scheduled_for}
    )
    return form_page(
        request,
        form,
        save=lambda data: services.record_briefing_delivered(
            by=request.user, briefing=briefing, on=data["on"]
        ),
        done=f"The briefing for {briefing.organisation} is recorded as delivered.",
        heading=f"Record the briefing for {briefing.organisation} as delivered",
        submit_text="Record as delivered",
        may=lambda: services.may_record_briefing_delivered(briefing),
        back_url=reverse("partnership:briefing-request-detail", args=[pk]),
    )


@capability_required(MANAGE)
def briefing_decline(request: HttpRequest, pk: int) -> HttpResponse:
    briefing = get_object_or_404(BriefingRequest, pk=pk)
    form = partnership_forms.ReasonForm(posted(request), label="Why is it declined?")
    return form_page(
        request,
        form,
        save=lambda data: services.decline_briefing(
            by=request.user, briefing=briefing, reason=data["reason"]
        ),
        done=f"The request from {briefing.organisation} is declined.",
        heading=f"Decline the request from {briefing.organisation}",
        submit_text="Decline request",
        back_url=reverse("partnership:briefing-request-detail", args=[pk]),
    )


# --- Training -------------------------------------------------------------------------------------


@capability_required(BOOK)
def sessions(request: HttpRequest) -> HttpResponse:
    runs = can(request.user, RUN)
    filters = SessionFilterForm(request.GET if "filter" in request.GET else None)
    upcoming, past = selectors.session_pages(
        timezone.localdate(),
        request.GET.get("upcoming"),
        request.GET.get("past"),
        course_type=filters.cleaned_data["course_type"] if filters.is_valid() else "",
        with_past=runs,
    )
    return render(
        request,
        "partnership/sessions.html",
        {
            "upcoming": upcoming,
            "past": past,
            "filters": filters,
            "runs_training": runs,
            "manages": can(request.user, MANAGE),
            "approvals_waiting": selectors.bookings_waiting_for(request.user).count(),
        },
    )


def _session(pk: int) -> TrainingSession:
    return get_object_or_404(selectors.sessions_with_places(), pk=pk)


@capability_required(BOOK)
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(pk)
    runs = can(request.user, RUN)
    return render(
        request,
        "partnership/session_detail.html",
        {
            "session": session,
            "own_booking": selectors.own_booking(request.user, session),
            "bookings": selectors.bookings_on(session) if runs else None,
            "runs_training": runs,
            "open_for_booking": session.starts_on > timezone.localdate(),
            "places_left": max(session.capacity - session.places_taken, 0),
        },
    )


@capability_required(BOOK)
def session_book(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(pk)
    back = reverse("partnership:session", args=[pk])

    def save(data: dict[str, Any]) -> str:
        booking = services.book_place(by=request.user, session=session)
        if booking.status == BookingStatus.REQUESTED:
            return (
                "Your booking is waiting for your manager's approval. It does not take a place "
                "until they approve it; we have emailed them and will email you their decision."
            )
        if booking.status == BookingStatus.WAITLIST:
            return (
                "This session is full, so you are on the waiting list. If a place frees, it "
                "is yours and it will show in your training record."
            )
        return f"Your place on {session.course.title} is booked."

    return form_page(
        request,
        forms.Form(posted(request)),
        save=save,
        done="",
        heading=f"Book a place on {session.course.title}",
        submit_text="Book a place",
        back_url=back,
        template="partnership/session_book.html",
        session=session,
        full=session.places_taken >= session.capacity,
    )


@capability_required(BOOK)
def session_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(pk)
    booking = selectors.own_booking(request.user, session)
    back = reverse("partnership:session", args=[pk])
    if booking is None:
        return not_now(request, "You do not have a booking on this session to cancel.", back)
    form = forms.Form(posted(request))

    def save(data: dict[str, Any]) -> None:
        services.cancel_booking(by=request.user, booking=booking)

    return form_page(
        request,
        form,
        save=save,
        done="Your booking is cancelled.",
        heading=f"Cancel your booking on {session.course.title}",
        submit_text="Cancel booking",
        back_url=back,
        template="partnership/session_cancel.html",
        session=session,
        booking=booking,
    )


@capability_required(BOOK)
def booking_approvals(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "partnership/booking_approvals.html",
        {"bookings": selectors.bookings_waiting_for(request.user)},
    )


@capability_required(BOOK)
def booking_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """A manager approves or declines a booking by someone in a team they manage; anyone else
    is told the booking is not found."""
    booking = selectors.booking_waiting_for(request.user, pk)
    if booking is None:
        return render(request, "errors/404.html", status=404)
    form = partnership_forms.BookingDecisionForm(posted(request))

    def save(data: dict[str, Any]) -> str:
        if data["decision"] == "APPROVE":
            decided = services.approve_booking(by=request.user, booking=booking)
            where = (
                "has a place"
                if decided.status == BookingStatus.CONFIRMED
                else "is on the waiting list, as the session is full"
            )
            return f"Approved. {booking.name} {where}."
        services.decline_booking(by=request.user, booking=booking, reason=data["reason"])
        return f"Not approved. {booking.name} has been told why."

    return form_page(
        request,
        form,
        save=save,
        done="",
        heading="Approve a training booking",
        submit_text="Save decision",
        back_url=reverse("partnership:booking-approvals"),
        template="partnership/booking_decide.html",
        booking=booking,
    )


@capability_required(BOOK)
def my_training(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "partnership/my_training.html",
        {"bookings": selectors.training_record(request.user)},
    )


@capability_required(RUN)
def course_new(request: HttpRequest) -> HttpResponse:
    return form_page(
        request,
        partnership_forms.CourseForm(posted(request)),
        save=lambda data: services.add_course(by=request.user, **data) and None,
        done="The course has been added.",
        heading="Add a course",
        submit_text="Save course",
        back_url=reverse("partnership:sessions"),
    )


@capability_required(RUN)
def session_new(request: HttpRequest) -> HttpResponse:
    return form_page(
        request,
        partnership_forms.SessionForm(posted(request), initial={"trainer": request.user.pk}),
        save=lambda data: services.add_session(by=request.user, **data) and None,
        done="The session has been added.",
        heading="Add a training session",
        submit_text="Save session",
        back_url=reverse("partnership:sessions"),
    )


@capability_required(RUN)
def session_add_attendee(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(pk)

    def save(data: dict[str, Any]) -> str:
        booking = services.add_attendee(by=request.user, session=session, **data)
        if booking.status == BookingStatus.WAITLIST:
            return f"The session is full, so {booking.name} is on the waiting list."
        return f"{booking.name} has a place."

    return form_page(
        request,
        partnership_forms.AttendeeForm(posted(request)),
        save=save,
        done="",
        heading="Add someone without an account",
        submit_text="Add person",
        back_url=reverse("partnership:session", args=[pk]),
        template="partnership/session_add_attendee.html",
        session=session,
    )


@capability_required(RUN)
def session_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(pk)
    if why := services.may_record_attendance(session):
        return not_now(request, why, reverse("partnership:session", args=[pk]))
    bookings = list(selectors.with_a_place(session))
    form = partnership_forms.AttendanceForm(posted(request), bookings=bookings)
    return form_page(
        request,
        form,
        save=lambda data: (
            services.record_attendance(by=request.user, session=session, outcomes=form.outcomes())
            and None
        ),
        done="Attendance has been recorded.",
        heading="Record attendance",
        submit_text="Save attendance",
        back_url=reverse("partnership:session", args=[pk]),
        template="partnership/session_attendance.html",
        session=session,
        bookings=bookings,
    )


class _Echo:
    """A file-like object whose write returns the line, for streaming CSV."""

    def write(self, value: str) -> str:
        return value


def _safe_cell(value: object) -> str:
    # A spreadsheet would run a cell starting with one of these as a formula.
    text = str(value)
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@capability_required(RUN)
def session_export(request: HttpRequest, pk: int) -> StreamingHttpResponse:
    session = _session(pk)
    writer = csv.writer(_Echo())

    def lines() -> Iterator[str]:
        yield writer.writerow(selectors.ATTENDANCE_HEADER)
        for row in selectors.attendance_rows(session):
            yield writer.writerow([_safe_cell(cell) for cell in row])

    name = f"attendance-{slugify(session.course.title)}-{session.starts_on:%Y-%m-%d}.csv"
    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# --- Practice stories -----------------------------------------------------------------------------


def stories(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "partnership/stories.html",
        {
            "stories": selectors.published_stories(),
            "mine": selectors.stories_by(request.user),
            "moderates": can(request.user, MANAGE),
        },
    )


def story_detail(request: HttpRequest, pk: int) -> HttpResponse:
    story = get_object_or_404(PracticeStory.objects.select_related("author"), pk=pk)
    if story.status != StoryStatus.PUBLISHED and not (
        story.author_id == request.user.pk or can(request.user, MANAGE)
    ):
        return render(request, "errors/404.html", status=404)
    return render(request, "partnership/story_detail.html", {"story": story})


def story_new(request: HttpRequest) -> HttpResponse:
    return form_page(
        request,
        partnership_forms.StoryForm(posted(request)),
        save=lambda data: services.submit_story(by=request.user, **data) and None,
        done="Thank you. A practice lead will read your story before it is published.",
        heading="Share your experience",
        submit_text="Send story",
        back_url=reverse("partnership:stories"),
        template="partnership/story_form.html",
    )


@capability_required(MANAGE)
def story_moderation(request: HttpRequest) -> HttpResponse:
    return render(
        request, "partnership/story_moderation.html", {"stories": selectors.stories_waiting()}
    )


@capability_required(MANAGE)
def story_moderate(request: HttpRequest, pk: int) -> HttpResponse:
    story = get_object_or_404(PracticeStory.objects.select_related("author"), pk=pk)
    form = partnership_forms.ModerationForm(posted(request))

    def save(data: dict[str, Any]) -> str:
        if data["decision"] == "PUBLISH":
            services.publish_story(by=request.user, story=story)
            return f"“{story.title}” is published."
        services.return_story(by=request.user, story=story, reason=data["reason"])
        return f"“{story.title}” is returned to its author."

    return form_page(
        request,
        form,
        save=save,
        done="",
        heading="Moderate a practice story",
        submit_text="Save decision",
        back_url=reverse("partnership:story-moderation"),
        template="partnership/story_moderate.html",
        story=story,
    )


# --- The implementation dashboard -----------------------------------------------------------------


@capability_required(MANAGE)
def dashboard(request: HttpRequest) -> HttpResponse:
    board = implementation.dashboard()
    months = [month for month, _, _ in board.over_time]
    chart = charts.line_chart(
        "Practitioners briefed and trained so far, by month",
        months,
        [
            charts.Series("Briefed", [b for _, b, _ in board.over_time], "#1d70b8", "", "circle"),
            charts.Series(
                "Trained", [t for _, _, t in board.over_time], "#4c2c92", "9 5", "square"
            ),
        ],
        chart_id="briefed-trained",
    )
    return render(
        request,
        "partnership/dashboard.html",
        {
            "board": board,
            "chart": mark_safe(chart),  # noqa: S308 - numbers and escaped text only (charts.py)
            "course_types": CourseType.choices,
            "agency_rows": [
                (agency, [courses.get(code, (0, 0)) for code, _ in CourseType.choices])
                for agency, courses in board.by_agency.items()
            ],
        },
    )


@capability_required(MANAGE)
def dashboard_export(request: HttpRequest) -> StreamingHttpResponse:
    board = implementation.dashboard()
    writer = csv.writer(_Echo())
    lines = (
        writer.writerow([_safe_cell(cell) for cell in row])
        for row in implementation.csv_rows(board)
    )
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="implementation-dashboard-{board.today:%Y-%m-%d}.csv"'
    )
    return response
