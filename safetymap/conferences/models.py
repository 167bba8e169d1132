"""Child protection conferences (domain.md §4.4): the conference, who is invited and came,
the agencies' reports (§6.1), the children's views (R28), the decision per child, and the
emails sent about it with their delivery state."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from safetymap.accounts.models import Organisation
from safetymap.cases.models import ChildProtectionPlan, Episode
from safetymap.conferences.codes import (
    Attendance,
    ConferenceType,
    EmailKind,
    InviteeKind,
    Outcome,
    Recommendation,
    ReportStatus,
    RespondentType,
    Stage,
    ViewsKind,
)
from safetymap.mapping.models import SoSMap
from safetymap.people.models import Child
from safetymap.voice.models import ChildVoiceRecord

USER = settings.AUTH_USER_MODEL


class Conference(models.Model):
    """A child protection conference about the children of one episode's household (siblings
    are considered together, R10)."""

    revision = models.PositiveIntegerField(default=1)  # each saved change: core/revisions.py
    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="conferences")
    children = models.ManyToManyField(Child, related_name="conferences")
    conference_type = models.CharField(max_length=12, choices=ConferenceType.choices)
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.REQUESTED)
    requested_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    request_reason = models.TextField()
    due_on = models.DateField(null=True, blank=True)  # R3, R4, R6
    scheduled_on = models.DateField(null=True, blank=True)
    starts_at = models.TimeField(null=True, blank=True)
    venue = models.CharField(max_length=300, blank=True)
    late_reason = models.TextField(blank=True)
    chair = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="conferences_chaired", null=True, blank=True
    )
    minute_taker = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    sos_map = models.ForeignKey(
        SoSMap, on_delete=models.PROTECT, related_name="conferences", null=True, blank=True
    )
    # The live record (Appendix A)
    held_on = models.DateField(null=True, blank=True)
    chair_met_family = models.BooleanField(null=True)
    family_and_network = models.TextField(blank=True)
    brought_here = models.TextField(blank=True)
    parents_views = models.TextField(blank=True)
    understanding_checked = models.BooleanField(null=True)
    core_group_members = models.TextField(blank=True)
    first_core_group_on = models.DateField(null=True, blank=True)
    next_review_on = models.DateField(null=True, blank=True)
    contingency = models.TextField(blank=True)
    # Approval, distribution and the side exits
    approved_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    distributed_at = models.DateTimeField(null=True, blank=True)
    stop_reason = models.TextField(blank=True)
    stopped_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    class Meta:
        ordering = ["-scheduled_on", "-pk"]

    def __str__(self) -> str:
        when = f" on {self.scheduled_on:%d %B %Y}" if self.scheduled_on else ""
        return f"{self.get_conference_type_display()}{when}"

    @property
    def reference(self) -> str:
        """What emails say instead of the child's name."""
        return f"CPC-{self.pk:05d}"

    @property
    def is_initial(self) -> bool:
        return self.conference_type != ConferenceType.REVIEW


class Invitation(models.Model):
    """Someone invited: a professional with an account (in a partner agency or the council), or
    a family member, who has no account (name, relationship, email if they gave one)."""

    revision = models.PositiveIntegerField(default=1)  # each saved change: core/revisions.py
    conference = models.ForeignKey(Conference, on_delete=models.PROTECT, related_name="invitations")
    kind = models.CharField(max_length=12, choices=InviteeKind.choices)
    user = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="conference_invitations", null=True
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    name = models.CharField(max_length=200)
    relationship = models.CharField(max_length=200, blank=True)  # family: "Mother", "Nan"
    role = models.CharField(max_length=200, blank=True)  # professional: "Designated lead"
    email = models.EmailField(blank=True)
    respondent_type = models.CharField(max_length=14, choices=RespondentType.choices)
    report_requested = models.BooleanField(default=False)
    invited_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    invited_at = models.DateTimeField(auto_now_add=True)
    attendance = models.CharField(max_length=14, choices=Attendance.choices, blank=True)
    excluded_from = models.JSONField(default=list, blank=True)  # agenda keys (R40)
    exclusion_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "user"],
                condition=models.Q(user__isnull=False),
                name="one_invitation_per_person",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_kind_display().lower()})"

    @property
    def is_family(self) -> bool:
        return self.kind == InviteeKind.FAMILY


class ConferenceEmail(models.Model):
    """One email about a conference, queued in the transaction and sent by the worker; the
    conference page lists each with its delivery state."""

    conference = models.ForeignKey(Conference, on_delete=models.PROTECT, related_name="emails")
    invitation = models.ForeignKey(Invitation, on_delete=models.PROTECT, related_name="emails")
    kind = models.CharField(max_length=20, choices=EmailKind.choices)
    queued_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    failure = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["queued_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.invitation.name}"

    @property
    def delivery(self) -> str:
        if self.sent_at:
            return "Sent"
        return "Not sent" if self.failure else "Waiting to send"


class AgencyReport(models.Model):
    """An agency's report to the conference in the Signs of Safety format (domain.md §6.1)."""

    revision = models.PositiveIntegerField(default=1)  # each saved change: core/revisions.py
    conference = models.ForeignKey(Conference, on_delete=models.PROTECT, related_name="reports")
    invitation = models.OneToOneField(Invitation, on_delete=models.PROTECT, related_name="report")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField()  # R7: to the chair before the conference
    status = models.CharField(max_length=10, choices=ReportStatus.choices, default="DRAFT")
    involvement = models.TextField(blank=True)
    past_harm = models.TextField(blank=True)
    future_danger = models.TextField(blank=True)
    complicating_factors = models.TextField(blank=True)
    working_well = models.TextField(blank=True)
    needs_to_happen = models.TextField(blank=True)
    child_views = models.TextField(blank=True)
    family_views = models.TextField(blank=True)
    recommendation = models.CharField(max_length=10, choices=Recommendation.choices, blank=True)
    shared_with_family_on = models.DateField(null=True, blank=True)  # R38
    not_shared_reason = models.TextField(blank=True)  # R38: agreed with the chair in advance
    # R39: third-party or police-sensitive information, for the chair and children's social care
    # only (policy.sees_restricted_report_section): never the family, other agencies, the map
    # or the conference's documents.
    restricted_information = models.TextField(blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    pulled_into_map_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["organisation__name"]

    def __str__(self) -> str:
        return f"Report from {self.organisation.name}"

    @property
    def is_submitted(self) -> bool:
        return self.status == ReportStatus.SUBMITTED

    @property
    def is_late(self) -> bool:
        from django.utils import timezone

        if self.submitted_at:
            return timezone.localtime(self.submitted_at).date() > self.due_on
        return timezone.localdate() > self.due_on


class ReportScale(models.Model):
    """The agency's scaling of one child, with its reason (§6.1 item 8)."""

    report = models.ForeignKey(AgencyReport, on_delete=models.CASCADE, related_name="scales")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="+")
    value = models.PositiveSmallIntegerField()
    reason = models.TextField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "child"], name="one_scale_per_child"),
            models.CheckConstraint(condition=models.Q(value__lte=10), name="report_scale_0_to_10"),
        ]

    def __str__(self) -> str:
        return f"{self.value} for child {self.child_id}"


class ChildViews(models.Model):
    """R28: each subject child's views at the conference, or why they could not be given."""

    conference = models.ForeignKey(Conference, on_delete=models.PROTECT, related_name="views")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=14, choices=ViewsKind.choices)
    voice_record = models.ForeignKey(
        ChildVoiceRecord, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    text = models.TextField(blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["conference", "child"], name="one_views_per_child")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for child {self.child_id}"


class Decision(models.Model):
    """The conference's decision for one child (§4.4 decisions_per_child). A plan decision is
    the child protection plan itself, started through cases.services.start_cp_plan (R12-R14)."""

    conference = models.ForeignKey(Conference, on_delete=models.PROTECT, related_name="decisions")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    reason = models.TextField()
    agency_views = models.TextField(blank=True)
    plan = models.ForeignKey(
        ChildProtectionPlan, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    # What the meeting went ahead without (agency reports not in, no scaling), one per line:
    # recorded with the decision, never blocking it.
    warnings = models.TextField(blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["conference", "child"], name="one_decision_per_child")
        ]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} for child {self.child_id}"

    @property
    def warning_list(self) -> list[str]:
        return [line for line in self.warnings.splitlines() if line]


class DocumentState(models.TextChoices):
    PREPARING = "PREPARING", "Being prepared"
    READY = "READY", "Ready"
    FAILED = "FAILED", "Failed"


class GeneratedDocument(models.Model):
    """The record as a PDF or Word file, made by the worker (``tasks.make_record_document``)
    so that no web request waits for WeasyPrint. One per version, format, recipient and
    *content*: ``content_key`` is the SHA-256 of everything the document says, so a record that
    changed gets a new document and a stale file is never served. The file is kept through the
    one storage path for files (``safetymap.uploads.storage``), outside the web root."""

    conference = models.ForeignKey(Conference, on_delete=models.PROTECT, related_name="documents")
    version = models.CharField(max_length=6)  # "full" or "family"
    fmt = models.CharField(max_length=4)  # "pdf" or "docx"
    # The copy for someone excluded from part of the meeting (R40); empty for the whole record.
    recipient = models.ForeignKey(
        Invitation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    content_key = models.CharField(max_length=64)
    state = models.CharField(
        max_length=10, choices=DocumentState.choices, default=DocumentState.PREPARING
    )
    storage_name = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)
    requested_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    failure = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        indexes = [models.Index(fields=["conference", "version", "fmt", "content_key"])]

    def __str__(self) -> str:
        return f"Conference record document {self.pk}"
