"""The safeguarding partnership's programme: briefing requests, training and practice stories.

Every change goes through services.py, which keeps the allowed moves between states and writes
the audit trail. Text from the public is stored exactly as typed and escaped when shown.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

USER = settings.AUTH_USER_MODEL


# --- Briefing requests (domain.md §6.5) -----------------------------------------------------------


class BriefingTopic(models.TextChoices):
    SOS_OVERVIEW = "SOS_OVERVIEW", "An overview of Signs of Safety"
    MAPPING = "MAPPING", "Mapping for partners"
    CONFERENCE_REPORTS = (
        "CONFERENCE_REPORTS",
        "Writing conference reports in the Signs of Safety format",
    )
    MASH_REFERRALS = "MASH_REFERRALS", "Contributing to referrals to the front door (MASH)"
    SAFETY_PLANNING = "SAFETY_PLANNING", "Safety planning and safety networks"
    CHILDS_VOICE = (
        "CHILDS_VOICE",
        "The child's voice: Three Houses, Safety House, Words and Pictures",
    )
    CONFERENCES = "CONFERENCES", "Child protection conferences and core groups"


class BriefingFormat(models.TextChoices):
    IN_PERSON = "IN_PERSON", "In person"
    ONLINE = "ONLINE", "Online"
    EITHER = "EITHER", "Either"


class BriefingStatus(models.TextChoices):
    NEW = "NEW", "New"
    SCHEDULED = "SCHEDULED", "Scheduled"
    DELIVERED = "DELIVERED", "Delivered"
    DECLINED = "DECLINED", "Declined"


OUTSTANDING_BRIEFINGS = (BriefingStatus.NEW, BriefingStatus.SCHEDULED)


class BriefingRequest(models.Model):
    organisation = models.CharField(max_length=200)
    contact_name = models.CharField(max_length=200)
    contact_role = models.CharField(max_length=200, blank=True)
    email = models.EmailField(max_length=254)
    phone = models.CharField(max_length=40, blank=True)
    audience = models.CharField(max_length=200, help_text="The team or service to be briefed")
    audience_size = models.PositiveIntegerField()
    topics = models.JSONField(default=list, help_text="BriefingTopic values")
    other_topics = models.TextField(blank=True)
    preferred_dates = models.TextField()
    preferred_format = models.CharField(max_length=10, choices=BriefingFormat.choices)
    notes = models.TextField(blank=True)
    consent_to_follow_up = models.BooleanField(default=False)
    status = models.CharField(
        max_length=10, choices=BriefingStatus.choices, default=BriefingStatus.NEW
    )
    received_at = models.DateTimeField(auto_now_add=True)
    scheduled_for = models.DateField(null=True, blank=True)
    delivered_on = models.DateField(null=True, blank=True)
    decline_reason = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["received_at", "pk"]
        indexes = [models.Index(fields=["status", "received_at"])]

    def __str__(self) -> str:
        return f"Briefing for {self.organisation}"

    @property
    def reference(self) -> str:
        return f"BR-{self.pk:05d}"

    def topic_labels(self) -> list[str]:
        labels = dict(BriefingTopic.choices)
        return [labels.get(topic, topic) for topic in self.topics]


# --- Training (domain.md §2.11, §4.5, Appendix C) -------------------------------------------------


class CourseType(models.TextChoices):
    PARTNER_BRIEFING = "PARTNER_BRIEFING", "Partner briefing (half a day)"
    FOUNDATION = "FOUNDATION", "Foundation (2 days)"
    ADVANCED = "ADVANCED", "Advanced (5 days)"
    PRACTICE_LEAD = "PRACTICE_LEAD", "Practice lead"
    BITE_SIZE = "BITE_SIZE", "Bite-size topic"


class Course(models.Model):
    course_type = models.CharField(max_length=20, choices=CourseType.choices)
    title = models.CharField(max_length=200)
    audience = models.CharField(max_length=200, blank=True)
    learning_outcomes = models.TextField(blank=True, help_text="One outcome a line")
    days = models.DecimalField(max_digits=3, decimal_places=1, help_text="Length in days")
    needs_manager_approval = models.BooleanField(
        default=False, help_text="A booking waits for the practitioner's manager to approve it"
    )

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def outcomes(self) -> list[str]:
        return [line.strip() for line in self.learning_outcomes.splitlines() if line.strip()]


class TrainingSession(models.Model):
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="sessions")
    starts_on = models.DateField()
    ends_on = models.DateField()
    online = models.BooleanField(default=False)
    venue = models.CharField(max_length=200, blank=True)
    trainer = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    trainer_is_licensed = models.BooleanField(default=False)
    capacity = models.PositiveIntegerField()
    # None: as the course says; True or False: this session differs from its course.
    needs_manager_approval = models.BooleanField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_on", "pk"]

    def __str__(self) -> str:
        return f"{self.course.title}, {self.starts_on:%-d %B %Y}"

    @property
    def where(self) -> str:
        return "Online" if self.online else self.venue

    @property
    def approval_needed(self) -> bool:
        if self.needs_manager_approval is not None:
            return self.needs_manager_approval
        return self.course.needs_manager_approval


class BookingStatus(models.TextChoices):
    REQUESTED = "REQUESTED", "Waiting for manager's approval"
    NOT_APPROVED = "NOT_APPROVED", "Not approved by manager"
    CONFIRMED = "CONFIRMED", "Place confirmed"
    WAITLIST = "WAITLIST", "On the waiting list"
    ATTENDED = "ATTENDED", "Attended"
    NO_SHOW = "NO_SHOW", "Did not attend"
    CANCELLED = "CANCELLED", "Cancelled"


# A place is taken by everyone confirmed or whose attendance has been recorded.
TAKES_A_PLACE = (BookingStatus.CONFIRMED, BookingStatus.ATTENDED, BookingStatus.NO_SHOW)
LIVE_BOOKING = (*TAKES_A_PLACE, BookingStatus.WAITLIST, BookingStatus.REQUESTED)
# Bookings that no longer hold anything: the person may book the session again.
ENDED_BOOKING = (BookingStatus.CANCELLED, BookingStatus.NOT_APPROVED)


class Booking(models.Model):
    """A place on a session: a user booking for themselves, or a partner's member of staff who
    has no account, recorded by the trainer by name and organisation."""

    session = models.ForeignKey(TrainingSession, on_delete=models.PROTECT, related_name="bookings")
    user = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="training_bookings"
    )
    name = models.CharField(max_length=200)
    organisation_name = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=12, choices=BookingStatus.choices)
    completed = models.BooleanField(default=False)
    booked_at = models.DateTimeField()
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    # Manager approval, when the session needs it: who decided, when, and why not.
    decided_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["booked_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "user"],
                condition=~models.Q(status__in=["CANCELLED", "NOT_APPROVED"])
                & models.Q(user__isnull=False),
                name="one_live_booking_per_person_per_session",
            )
        ]
        indexes = [models.Index(fields=["session", "status", "booked_at"])]

    def __str__(self) -> str:
        return f"{self.name} on {self.session}"


# --- Practice stories -----------------------------------------------------------------------------


class StoryStatus(models.TextChoices):
    PENDING = "PENDING", "Waiting for moderation"
    PUBLISHED = "PUBLISHED", "Published"
    RETURNED = "RETURNED", "Returned to the author"


class PracticeStory(models.Model):
    title = models.CharField(max_length=200)
    working_well = models.TextField()
    worried_about = models.TextField()
    needs_to_happen = models.TextField()
    author = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="practice_stories")
    status = models.CharField(
        max_length=10, choices=StoryStatus.choices, default=StoryStatus.PENDING
    )
    submitted_at = models.DateTimeField(auto_now_add=True)
    moderated_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    return_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name_plural = "practice stories"

    def __str__(self) -> str:
        return self.title


# --- Public pages (Wagtail) -----------------------------------------------------------------------

from safetymap.partnership.pages import (  # noqa: E402,F401 - Wagtail page models of this app
    ContentPage,
    NewsletterIndexPage,
    NewsletterIssuePage,
    PartnerLogo,
    PartnershipHomePage,
    ResourceIndexPage,
    ResourceKind,
    ResourcePage,
)
