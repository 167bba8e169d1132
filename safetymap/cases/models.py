"""Episodes of need and who is allocated to them. The pathway steps (contact, assessment,
strategy discussion, s47, plans, conferences, closure) hang on the episode."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q

from safetymap.accounts.models import Organisation, Team
from safetymap.cases import timescales
from safetymap.cases.codes import (
    AssessmentOutcome,
    CategoryOfAbuse,
    ChildInNeedPlanOutcome,
    ClosureReason,
    ConsentStatus,
    ContactChannel,
    ContactDecision,
    MeetingFormat,
    NoteType,
    PlanEndReason,
    PrimaryNeed,
    ReferralSource,
    Section47Decision,
    Section47Outcome,
    Significance,
)
from safetymap.people.models import Child

USER = settings.AUTH_USER_MODEL


class Contact(models.Model):
    """A contact at the front door, with the referrer's answers to the three questions."""

    received_at = models.DateTimeField()
    channel = models.CharField(max_length=20, choices=ContactChannel.choices)
    children = models.ManyToManyField(Child, related_name="contacts")
    referrer_name = models.CharField(max_length=200)
    referrer_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    referrer_role = models.CharField(max_length=200, blank=True)
    referrer_contact = models.CharField(max_length=200, blank=True)
    worried_about = models.TextField()
    working_well = models.TextField(blank=True)
    needs_to_happen = models.TextField(blank=True)
    referrer_scale = models.PositiveSmallIntegerField(null=True, blank=True)
    consent = models.CharField(max_length=20, choices=ConsentStatus.choices)
    immediate_risk = models.BooleanField(default=False)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    # R1: received + 1 working day, at the same time of day (timescales.contact_decision_due_at)
    decision_due_at = models.DateTimeField()
    reminder_sent_at = models.DateTimeField(null=True, blank=True)  # R1: the alert at T-2h
    decision = models.CharField(max_length=30, choices=ContactDecision.choices, blank=True)
    decision_at = models.DateTimeField(null=True, blank=True)
    decision_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", null=True)
    decision_rationale = models.TextField(blank=True)
    late_reason = models.TextField(blank=True)
    decision_late = models.BooleanField(default=False)  # R1: the breach flag

    class Meta:
        ordering = ["-received_at"]
        indexes = [models.Index(fields=["decision", "decision_due_at"])]

    def __str__(self) -> str:
        return f"Contact received {self.received_at:%-d %B %Y}"

    @property
    def is_decided(self) -> bool:
        return bool(self.decision)

    @property
    def decision_due(self) -> datetime.date:
        """The day the decision falls due, in Europe/London."""
        return self.decision_due_at.astimezone(timescales.LOCAL_TIME).date()

    def due_within(self, now: datetime.datetime, hours: int) -> bool:
        """Undecided, not yet overdue, and due within ``hours`` (R1: the alert at T-2h)."""
        return not self.is_decided and now <= self.decision_due_at <= now + datetime.timedelta(
            hours=hours
        )

    def overdue_at(self, now: datetime.datetime) -> bool:
        return not self.is_decided and now > self.decision_due_at


class Episode(models.Model):
    """A child's episode of need, from referral to closure (CIN census 'CINdetails')."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="episodes")
    contact = models.ForeignKey(
        Contact, on_delete=models.PROTECT, null=True, blank=True, related_name="episodes"
    )
    referral_date = models.DateField()
    referral_source = models.CharField(max_length=3, choices=ReferralSource.choices)
    primary_need = models.CharField(
        max_length=2, choices=PrimaryNeed.choices, default=PrimaryNeed.N0
    )
    closure_date = models.DateField(null=True, blank=True)
    closure_reason = models.CharField(
        max_length=3, choices=ClosureReason.choices, blank=True, default=""
    )
    closure_summary = models.TextField(blank=True)
    closure_explained_to_child = models.TextField(blank=True)
    network_continuation = models.TextField(blank=True)  # R33

    class Meta:
        ordering = ["-referral_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closure_date__isnull=True)
                | Q(closure_date__gte=models.F("referral_date")),
                name="cases_episode_closes_after_referral",
            )
        ]

    def __str__(self) -> str:
        return f"Episode from {self.referral_date:%-d %B %Y}"

    @property
    def is_open(self) -> bool:
        return self.closure_date is None


class Allocation(models.Model):
    """Who holds an episode: a worker and their team, with history (ended allocations are kept)."""

    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="allocations")
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="allocations"
    )
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="allocations")
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    allocated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )

    class Meta:
        ordering = ["-started_on"]
        indexes = [
            models.Index(fields=["worker", "ended_on"]),
            models.Index(fields=["team", "ended_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.worker}, {self.team}"


class Assessment(models.Model):
    """The child and family assessment: due 45 working days from the referral (R2)."""

    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="assessments")
    started_on = models.DateField()
    due_on = models.DateField()
    completed_on = models.DateField(null=True, blank=True)
    authorised_on = models.DateField(null=True, blank=True)
    authorised_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", null=True)
    analysis = models.TextField(blank=True)
    outcome = models.CharField(max_length=20, choices=AssessmentOutcome.choices, blank=True)
    overdue_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_on"]

    def __str__(self) -> str:
        return f"Assessment started {self.started_on:%-d %B %Y}"

    @property
    def days_late(self) -> int:
        return timescales.days_late(self.due_on, self.completed_on) if self.completed_on else 0


class StrategyDiscussion(models.Model):
    episode = models.ForeignKey(
        Episode, on_delete=models.PROTECT, related_name="strategy_discussions"
    )
    held_on = models.DateField()
    meeting_format = models.CharField(max_length=10, choices=MeetingFormat.choices)
    chair = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    # R9: children's social care, police and health must take part, or the reason is recorded.
    social_care_took_part = models.BooleanField(default=True)
    police_took_part = models.BooleanField(default=False)
    health_took_part = models.BooleanField(default=False)
    participants = models.TextField(help_text="Who took part, and from which agency")
    missing_agency_reason = models.TextField(blank=True)
    # R10: every child in the household is considered.
    children_considered = models.ManyToManyField(Child, related_name="+")
    information_shared = models.TextField(blank=True)
    section_47_decision = models.CharField(max_length=30, choices=Section47Decision.choices)

    class Meta:
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return f"Strategy discussion on {self.held_on:%-d %B %Y}"


class Section47Enquiry(models.Model):
    """A section 47 enquiry; the initial conference is due 15 working days after the strategy
    discussion that started it (R3)."""

    strategy_discussion = models.OneToOneField(
        StrategyDiscussion, on_delete=models.PROTECT, related_name="enquiry"
    )
    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="enquiries")
    started_on = models.DateField()
    initial_conference_due = models.DateField()
    completed_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=Section47Outcome.choices, blank=True)
    findings = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_on"]

    def __str__(self) -> str:
        return f"Section 47 enquiry started {self.started_on:%-d %B %Y}"


class ChildInNeedPlan(models.Model):
    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="cin_plans")
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    # How it ended (empty while open, and for a plan that gave way to a protection plan).
    end_outcome = models.CharField(
        max_length=12, choices=ChildInNeedPlanOutcome.choices, blank=True
    )
    end_summary = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"Child in need plan from {self.started_on:%-d %B %Y}"


class ChildInNeedPlanReview(models.Model):
    """A review of a child in need plan, at the council's interval (R7)."""

    plan = models.ForeignKey(ChildInNeedPlan, on_delete=models.PROTECT, related_name="reviews")
    held_on = models.DateField()
    summary = models.TextField()
    late_reason = models.TextField(blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["held_on", "pk"]

    def __str__(self) -> str:
        return f"Child in need plan review on {self.held_on:%-d %B %Y}"


class ChildInNeedPlanAction(models.Model):
    """What needs to happen on a child in need plan: who does it and by when, and when it was
    done. Often started from a next step on the child's latest map (``from_next_step`` keeps
    which, so it is not offered twice). Each change bumps ``revision``; a save made from an
    older revision is refused rather than overwriting someone else's words (core/revisions.py)."""

    plan = models.ForeignKey(ChildInNeedPlan, on_delete=models.PROTECT, related_name="actions")
    what = models.TextField()
    who = models.CharField(max_length=200)  # a name, and their agency or relationship
    who_user = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    by_when = models.DateField()
    done_on = models.DateField(null=True, blank=True)
    from_next_step = models.CharField(max_length=100, blank=True)
    revision = models.PositiveIntegerField(default=1)  # each saved change: core/revisions.py
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    changed_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField()

    class Meta:
        ordering = ["by_when", "pk"]
        indexes = [models.Index(fields=["who_user", "done_on"])]

    def __str__(self) -> str:
        return f"What needs to happen by {self.by_when:%-d %B %Y}"


class ChildInNeedVisit(models.Model):
    """A visit to a child on a child in need plan; the next is due at the council's interval
    (R7, ``cin_visit_interval_working_days``) after the last."""

    plan = models.ForeignKey(ChildInNeedPlan, on_delete=models.PROTECT, related_name="visits")
    visited_on = models.DateField()
    visited_by = models.CharField(max_length=200)
    seen = models.BooleanField()
    seen_alone = models.BooleanField()
    child_said = models.TextField(blank=True)  # in the child's own words
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["visited_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(seen=True) | Q(seen_alone=False),
                name="cases_cin_visit_seen_alone_only_if_seen",
            )
        ]

    def __str__(self) -> str:
        return f"Visit on {self.visited_on:%-d %B %Y}"


class TransferIn(models.Model):
    """A child on another council's child protection plan who has moved here (R4): the
    transfer-in conference is due 15 working days after this council was told."""

    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="transfers_in")
    notified_on = models.DateField()
    from_authority = models.CharField(max_length=200)
    their_plan_started_on = models.DateField()
    their_category = models.CharField(max_length=3, choices=CategoryOfAbuse.choices)
    conference_due = models.DateField()
    # Set when the transfer-in conference is recorded: either a plan starts here, or not.
    conference_held_on = models.DateField(null=True, blank=True)
    plan_continues = models.BooleanField(null=True)
    late_reason = models.TextField(blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["notified_on"]

    def __str__(self) -> str:
        return f"Transfer in from {self.from_authority}, told on {self.notified_on:%-d %B %Y}"


class ChildProtectionPlan(models.Model):
    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="cp_plans")
    started_on = models.DateField()
    initial_category = models.CharField(max_length=3, choices=CategoryOfAbuse.choices)
    latest_category = models.CharField(max_length=3, choices=CategoryOfAbuse.choices)
    ended_on = models.DateField(null=True, blank=True)
    end_reason = models.CharField(max_length=20, choices=PlanEndReason.choices, blank=True)
    agencies_consulted = models.TextField(blank=True)  # R15: outside a conference
    # The initial conference's decision (R12), its chair (R13) and any dissent (R14).
    chair = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", null=True)
    threshold_rationale = models.TextField(blank=True)
    lead_social_worker = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="+", null=True
    )
    core_group_members = models.TextField(blank=True)
    first_core_group_on = models.DateField(null=True, blank=True)
    first_review_on = models.DateField(null=True, blank=True)
    outline_action = models.TextField(blank=True)
    outline_action_owner = models.CharField(max_length=200, blank=True)
    outline_action_due = models.DateField(null=True, blank=True)
    dissent_by = models.CharField(max_length=300, blank=True)
    dissent_summary = models.TextField(blank=True)
    transfer_in = models.OneToOneField(
        TransferIn, on_delete=models.PROTECT, null=True, blank=True, related_name="plan"
    )
    conference_late_reason = models.TextField(blank=True)  # R3 / R4

    class Meta:
        ordering = ["-started_on"]

    def __str__(self) -> str:
        return f"Child protection plan from {self.started_on:%-d %B %Y}"


class PlanEndNotice(models.Model):
    """R16: an agency told that a child protection plan has ended (the email goes from the
    background worker; ``sent_at`` records its delivery to the mail server)."""

    plan = models.ForeignKey(
        ChildProtectionPlan, on_delete=models.PROTECT, related_name="end_notices"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    queued_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    failure = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "organisation"], name="cases_one_end_notice_per_agency"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} told the plan ended"


class CoreGroupMembership(models.Model):
    """A professional with an account in the core group of a child protection plan (the core
    group's names as the conference wrote them stay in ``core_group_members``).

    Membership is a relationship in the access policy: while it lasts, and while the plan is
    open, the member sees the plan, its actions and the conference materials of the child's
    conferences; never the rest of the record (policy.plan_basis_for)."""

    plan = models.ForeignKey(
        ChildProtectionPlan, on_delete=models.PROTECT, related_name="core_group_memberships"
    )
    user = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="core_groups")
    added_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    class Meta:
        ordering = ["added_at"]
        indexes = [models.Index(fields=["user", "ended_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "user"],
                condition=Q(ended_at__isnull=True),
                name="cases_one_live_core_group_membership",
            )
        ]

    def __str__(self) -> str:
        return f"Core group member of plan {self.plan_id}"


class CoreGroupMeeting(models.Model):
    """A core group meeting on a child protection plan: the first within 10 working days of the
    initial conference (R5), then at the local interval (R7)."""

    plan = models.ForeignKey(
        ChildProtectionPlan, on_delete=models.PROTECT, related_name="core_groups"
    )
    held_on = models.DateField()
    attended_by = models.TextField()
    notes = models.TextField(blank=True)
    late_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["held_on"]

    def __str__(self) -> str:
        return f"Core group on {self.held_on:%-d %B %Y}"


class ReviewConference(models.Model):
    """A review child protection conference: the first within 3 months of the initial conference,
    then at most every 6 months (R6). The full conference workflow comes with issue 6."""

    plan = models.ForeignKey(ChildProtectionPlan, on_delete=models.PROTECT, related_name="reviews")
    held_on = models.DateField()
    plan_continues = models.BooleanField()
    latest_category = models.CharField(max_length=3, choices=CategoryOfAbuse.choices)
    summary = models.TextField()
    late_reason = models.TextField(blank=True)
    exceptional_circumstances = models.TextField(blank=True)  # R17

    class Meta:
        ordering = ["held_on"]

    def __str__(self) -> str:
        return f"Review conference on {self.held_on:%-d %B %Y}"


class CaseNote(models.Model):
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="case_notes")
    happened_on = models.DateField()
    note_type = models.CharField(max_length=20, choices=NoteType.choices)
    text = models.TextField()
    author = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-happened_on", "-written_at"]
        indexes = [models.Index(fields=["child", "happened_on"])]

    def __str__(self) -> str:
        return f"{self.get_note_type_display()} on {self.happened_on:%-d %B %Y}"


class SignificantEvent(models.Model):
    """An entry in the curated chronology: what happened, where the information came from, its
    impact on the child, and how significant it is."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="significant_events")
    occurred_on = models.DateField()
    what_happened = models.TextField()
    source = models.CharField(max_length=300)
    impact_on_child = models.TextField()
    significance = models.CharField(max_length=10, choices=Significance.choices)
    from_note = models.ForeignKey(
        CaseNote, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-occurred_on"]
        indexes = [models.Index(fields=["child", "occurred_on"])]

    def __str__(self) -> str:
        return f"Significant event on {self.occurred_on:%-d %B %Y}"


class QueueEntry(models.Model):
    """Work waiting in a team's queue for its manager to allocate: a new referral routed to the
    team at the front door's decision, or a transfer offered by another team's manager.

    While an entry is open, the team's manager and the service manager over the team see the
    child (access.policy: "in the team's queue"), so that they can allocate it; taking it
    (allocating a worker) closes it, and declining a transfer closes it with a reason."""

    class Kind(models.TextChoices):
        NEW_REFERRAL = "NEW", "New referral"
        TRANSFER = "TRANSFER", "Transfer from another team"

    class Outcome(models.TextChoices):
        ALLOCATED = "ALLOCATED", "Allocated"
        DECLINED = "DECLINED", "Declined"
        WITHDRAWN = "WITHDRAWN", "Withdrawn"

    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="queue_entries")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="queue_entries")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    from_team = models.ForeignKey(
        Team, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reason = models.TextField(blank=True)  # why the transfer is offered
    queued_at = models.DateTimeField()
    queued_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True)
    decline_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["queued_at"]
        indexes = [models.Index(fields=["team", "closed_at", "queued_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["episode"],
                condition=Q(closed_at__isnull=True),
                name="cases_one_open_queue_entry_per_episode",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} in {self.team}'s queue"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class Authorisation(models.Model):
    """Management oversight: a worker's decision waiting for a manager, who authorises it or
    returns it with a reason the worker sees. Nobody authorises their own work."""

    class Kind(models.TextChoices):
        ASSESSMENT = "ASSESSMENT", "The assessment's outcome"
        CLOSURE = "CLOSURE", "Closing the episode"
        CIN_PLAN_END = "CIN_PLAN_END", "Ending the child in need plan"
        CP_PLAN_END = "CP_PLAN_END", "Ending the child protection plan outside a conference"

    class State(models.TextChoices):
        WAITING = "WAITING", "Waiting for a manager"
        AUTHORISED = "AUTHORISED", "Authorised"
        RETURNED = "RETURNED", "Returned to the worker"

    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="authorisations")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    assessment = models.ForeignKey(
        Assessment, on_delete=models.PROTECT, null=True, blank=True, related_name="authorisations"
    )
    cin_plan = models.ForeignKey(
        "ChildInNeedPlan",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="authorisations",
    )
    cp_plan = models.ForeignKey(
        "ChildProtectionPlan",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="authorisations",
    )
    # What the worker asked for (a closure's or a plan's end: date, reason and words), applied
    # when authorised.
    proposal = models.JSONField(default=dict, blank=True)
    requested_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField()
    state = models.CharField(max_length=12, choices=State.choices, default=State.WAITING)
    decided_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    manager_comment = models.TextField(blank=True)  # the reason for a return; direction given

    class Meta:
        ordering = ["requested_at"]
        indexes = [models.Index(fields=["state", "requested_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["episode", "kind"],
                condition=Q(state="WAITING"),
                name="cases_one_waiting_authorisation_per_kind",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.get_state_display().lower()}"


class ManagementOversight(models.Model):
    """A manager's recorded oversight or supervision of a case, with the direction given and
    when it is due; shown on the child's record, in the chronology and on the worker's home
    page until it is done."""

    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="oversights")
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_on = models.DateField()
    is_supervision = models.BooleanField(default=False)
    summary = models.TextField()
    direction = models.TextField(blank=True)
    direction_due = models.DateField(null=True, blank=True)
    direction_for = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    direction_done_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-recorded_on", "-pk"]

    def __str__(self) -> str:
        kind = "Supervision" if self.is_supervision else "Management oversight"
        return f"{kind} on {self.recorded_on:%-d %B %Y}"
