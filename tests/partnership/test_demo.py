"""The demo has a season of the partnership's programme."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.utils import timezone

from safetymap.partnership.models import (
    Booking,
    BookingStatus,
    BriefingRequest,
    BriefingStatus,
    CourseType,
    PracticeStory,
    StoryStatus,
    TrainingSession,
)

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_season_of_the_programme():
    call_command("load_demo", "--quiet-sign-ins")
    today = timezone.localdate()
    assert set(BriefingRequest.objects.values_list("status", flat=True)) == set(BriefingStatus)
    assert set(TrainingSession.objects.values_list("course__course_type", flat=True)) == set(
        CourseType
    )
    assert TrainingSession.objects.filter(starts_on__lt=today).exists()
    assert TrainingSession.objects.filter(starts_on__gt=today).exists()
    statuses = set(Booking.objects.values_list("status", flat=True))
    assert {
        BookingStatus.ATTENDED,
        BookingStatus.WAITLIST,
        BookingStatus.CONFIRMED,
        BookingStatus.REQUESTED,
    } <= statuses
    assert Booking.objects.filter(user__isnull=True, completed=True).exists()
    assert {StoryStatus.PUBLISHED, StoryStatus.PENDING} <= set(
        PracticeStory.objects.values_list("status", flat=True)
    )
    for booking in Booking.objects.filter(user__isnull=False):
        assert booking.user.email.endswith(".example")


def test_no_session_in_the_demo_is_over_capacity():
    call_command("load_demo", "--quiet-sign-ins")
    for session in TrainingSession.objects.all():
        taken = session.bookings.exclude(
            status__in=[BookingStatus.WAITLIST, BookingStatus.CANCELLED, BookingStatus.REQUESTED]
        ).count()
        assert taken <= session.capacity


def test_loading_the_demo_twice_adds_no_second_season():
    call_command("load_demo", "--quiet-sign-ins")
    sessions = TrainingSession.objects.count()
    call_command("load_demo", "--quiet-sign-ins")
    assert TrainingSession.objects.count() == sessions


def test_the_demo_has_public_pages_newsletters_and_resources():
    from safetymap.partnership.pages import NewsletterIssuePage, ResourcePage

    call_command("load_demo", "--quiet-sign-ins")
    issues = NewsletterIssuePage.objects.live()
    assert issues.count() == 3
    assert issues.filter(pdf__isnull=False).count() == 1
    assert ResourcePage.objects.live().filter(superseded_by__isnull=False).count() == 1
    pdf = issues.get(pdf__isnull=False).pdf
    with pdf.file.open("rb") as f:
        assert f.read(5) == b"%PDF-"
