"""Feedback on child protection conferences (domain.md §5.7, §6.4).

A ``FeedbackRound`` is the feedback asked for about one meeting: the kind of meeting, its date,
the child's episode, and the conference (``safetymap.conferences``) it was about. Rounds made
before conferences were recorded here (the demo's older ones) have no conference. The
dependency runs one way: feedback knows conferences; conferences calls feedback only through
``conferences.hooks``.

An ``Invitation`` is one person asked: their name and email are kept only to send the link, and
the link's token only as a SHA-256 hash. A ``Response`` is what came back. An anonymous response
has no link to its invitation (``invitation`` is empty), no name, and a date, not a time, so
that nobody can match it to the person by the moment it arrived.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from safetymap.accounts.organisation_types import OrganisationType
from safetymap.cases.models import Episode
from safetymap.feedback.questions import RESPONDENT_LABELS, RespondentType


class MeetingKind(models.TextChoices):
    INITIAL = "INITIAL", "Initial child protection conference"
    REVIEW = "REVIEW", "Review child protection conference"
    PRE_BIRTH = "PRE_BIRTH", "Pre-birth conference"
    TRANSFER_IN = "TRANSFER_IN", "Transfer-in conference"


RESPONDENT_CHOICES = [(kind.value, RESPONDENT_LABELS[kind]) for kind in RespondentType]


class FeedbackRound(models.Model):
    """The feedback asked for about one conference."""

    meeting_kind = models.CharField(max_length=12, choices=MeetingKind.choices)
    meeting_date = models.DateField(db_index=True)
    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="+")
    # The conference this round is about; empty for a round about a meeting not recorded here.
    conference = models.ForeignKey(
        "conferences.Conference",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="feedback_rounds",
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    invited_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-meeting_date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "episode"],
                condition=Q(conference__isnull=False),
                name="feedback_one_round_per_conference_and_episode",
            )
        ]

    def __str__(self) -> str:
        return f"Feedback on the {self.get_meeting_kind_display().lower()} of {self.meeting_date}"


class InvitationStatus(models.TextChoices):
    INVITED = "INVITED", "Invited"
    COMPLETED = "COMPLETED", "Answered"


class Invitation(models.Model):
    """One person asked for feedback, with a single-use link that expires."""

    round = models.ForeignKey(FeedbackRound, on_delete=models.PROTECT, related_name="invitations")
    respondent_type = models.CharField(max_length=12, choices=RESPONDENT_CHOICES)
    name = models.CharField(max_length=200)
    email = models.EmailField(max_length=254, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # SHA-256 of the link's token, hex; the token itself is never stored. Empty until a link is
    # issued (the email task issues it) and again once the link has been used.
    token_hash = models.CharField(max_length=64, blank=True, default="")
    expires_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(
        max_length=10, choices=InvitationStatus.choices, default=InvitationStatus.INVITED
    )
    # A date only: with a time, an anonymous answer could be matched to its invitation.
    completed_on = models.DateField(null=True, blank=True)
    email_sent_at = models.DateTimeField(null=True, blank=True)
    email_failure = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["token_hash"],
                condition=~Q(token_hash=""),
                name="feedback_one_invitation_per_token",
            )
        ]

    def __str__(self) -> str:
        return f"Feedback invitation {self.pk}"

    def is_expired(self, now=None) -> bool:
        return self.expires_at is not None and (now or timezone.now()) >= self.expires_at

    @property
    def state(self) -> str:
        """INVITED, COMPLETED or EXPIRED (domain.md §5.7)."""
        if self.status == InvitationStatus.COMPLETED:
            return "COMPLETED"
        return "EXPIRED" if self.is_expired() else "INVITED"


class Response(models.Model):
    """One completed form. Anonymous ones carry no invitation, name or time of day."""

    round = models.ForeignKey(FeedbackRound, on_delete=models.PROTECT, related_name="responses")
    respondent_type = models.CharField(max_length=12, choices=RESPONDENT_CHOICES, db_index=True)
    invitation = models.OneToOneField(
        Invitation, on_delete=models.PROTECT, null=True, blank=True, related_name="response"
    )
    anonymous = models.BooleanField(default=False)
    agency_type = models.CharField(
        max_length=20, choices=OrganisationType.choices, blank=True, default=""
    )
    consent_to_contact = models.BooleanField(default=False)
    submitted_on = models.DateField()

    class Meta:
        ordering = ["-submitted_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(anonymous=False) | Q(invitation__isnull=True, consent_to_contact=False),
                name="feedback_anonymous_answers_are_not_linked",
            )
        ]

    def __str__(self) -> str:
        return f"Feedback response {self.pk}"


class Answer(models.Model):
    """One answer: a number on the question's scale, or text."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.CharField(max_length=40)
    value = models.SmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question"], name="feedback_one_answer_per_question"
            )
        ]
        indexes = [models.Index(fields=["question", "value"])]

    def __str__(self) -> str:
        return f"Answer to {self.question}"
