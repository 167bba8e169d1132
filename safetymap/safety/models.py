"""The safety network around a child's episode, and the safety plans the family and network
make with children's social care: rules in the family's words, bottom lines, red flags,
agreements, a trajectory to closure, and monitoring checks over time (domain.md §2.7, §2.8,
§4.3, §5.5; rules R29–R32)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from safetymap.cases.models import Episode
from safetymap.mapping.models import DangerStatement, SafetyGoal
from safetymap.people.models import Child, Person
from safetymap.safety import lifecycle
from safetymap.safety.codes import (
    AgreementMethod,
    Attendance,
    CheckKind,
    InformedVia,
    MemberStatus,
    PlanStatus,
    PlanType,
    RuleOutcome,
    StepStatus,
)

USER = settings.AUTH_USER_MODEL


class SafetyNetwork(models.Model):
    """The family's safety network for one episode: people the family chose, informed about the
    worries, who help make the plan and watch over it with children's social care."""

    episode = models.OneToOneField(Episode, on_delete=models.PROTECT, related_name="safety_network")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return f"Safety network for {self.episode.child}"


class NetworkMember(models.Model):
    revision = models.PositiveIntegerField(default=1)  # each saved change: core/revisions.py
    network = models.ForeignKey(SafetyNetwork, on_delete=models.PROTECT, related_name="members")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="network_roles")
    relationship_to_family = models.CharField(max_length=200)
    contact_details = models.CharField(max_length=300, blank=True)
    informed_on = models.DateField(null=True, blank=True)
    informed_via = models.CharField(max_length=20, choices=InformedVia.choices, blank=True)
    statements_seen = models.ManyToManyField(DangerStatement, blank=True, related_name="+")
    roles_agreed = models.TextField(blank=True)
    availability = models.TextField(blank=True)
    checks_required = models.TextField(blank=True)
    checks_done = models.TextField(blank=True)
    status = models.CharField(
        max_length=20, choices=MemberStatus.choices, default=MemberStatus.PROSPECTIVE
    )
    member_from = models.DateField(null=True, blank=True)
    member_to = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["person__last_name", "person__first_name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["network", "person"], name="safety_member_once"),
            # R29's half in the database: "informed" means a date and a way, never one alone.
            models.CheckConstraint(
                condition=(Q(informed_on__isnull=True) & Q(informed_via=""))
                | (Q(informed_on__isnull=False) & ~Q(informed_via="")),
                name="safety_member_informed_date_and_way",
            ),
        ]

    def __str__(self) -> str:
        return self.person.full_name

    @property
    def name(self) -> str:
        return self.person.full_name

    @property
    def is_informed(self) -> bool:
        return self.informed_on is not None and bool(self.informed_via)


class NetworkMeeting(models.Model):
    network = models.ForeignKey(SafetyNetwork, on_delete=models.PROTECT, related_name="meetings")
    held_on = models.DateField()
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"Network meeting, {self.held_on:%-d %B %Y}"


class MeetingAttendance(models.Model):
    meeting = models.ForeignKey(NetworkMeeting, on_delete=models.PROTECT, related_name="attendance")
    member = models.ForeignKey(NetworkMember, on_delete=models.PROTECT, related_name="attendance")
    attendance = models.CharField(max_length=10, choices=Attendance.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="safety_attendance_once")
        ]

    def __str__(self) -> str:
        return f"{self.member}: {self.get_attendance_display()}"


class SafetyPlan(models.Model):
    revision = models.PositiveIntegerField(default=1)  # each saved change: core/revisions.py
    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="safety_plans")
    children = models.ManyToManyField(Child, related_name="safety_plans")
    plan_type = models.CharField(max_length=10, choices=PlanType.choices)
    version = models.PositiveIntegerField(default=1)
    supersedes = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="revised_as"
    )
    status = models.CharField(max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    danger_statements = models.ManyToManyField(DangerStatement, blank=True, related_name="+")
    safety_goals = models.ManyToManyField(SafetyGoal, blank=True, related_name="+")
    contingency = models.TextField(blank=True, help_text="What happens if the plan cannot work")
    children_version = models.TextField(blank=True)
    review_due = models.DateField(null=True, blank=True)
    agreed_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    end_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-version", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["episode", "version"], name="safety_plan_version")
        ]

    def __str__(self) -> str:
        kind = {"IMMEDIATE": "Immediate", "INTERIM": "Interim"}.get(self.plan_type, "Full")
        return f"{kind} safety plan, version {self.version}"

    @property
    def stage(self) -> lifecycle.Status:
        return lifecycle.Status(self.status)

    @property
    def is_editable(self) -> bool:
        return self.stage in lifecycle.EDITABLE

    @property
    def is_in_force(self) -> bool:
        return self.stage in lifecycle.IN_FORCE


class PlanRule(models.Model):
    """One rule of the plan, in the family's words (R30)."""

    revision = models.PositiveIntegerField(default=1)  # each saved change: core/revisions.py
    plan = models.ForeignKey(SafetyPlan, on_delete=models.PROTECT, related_name="rules")
    number = models.PositiveSmallIntegerField()
    text = models.TextField()
    danger_statements = models.ManyToManyField(DangerStatement, related_name="+")
    responsible_members = models.ManyToManyField(NetworkMember, blank=True, related_name="+")
    responsible_others = models.CharField(
        max_length=300, blank=True, help_text="Parents or professionals"
    )
    monitoring_members = models.ManyToManyField(NetworkMember, blank=True, related_name="+")
    monitored_by_others = models.CharField(max_length=300, blank=True)
    when = models.CharField(max_length=300, blank=True)
    if_broken = models.TextField()

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="safety_rule_number")
        ]

    def __str__(self) -> str:
        return f"Rule {self.number}"


class BottomLine(models.Model):
    """A minimum children's social care sets; the plan is agreed only when each is addressed
    (R31)."""

    revision = models.PositiveIntegerField(default=1)  # each saved change: core/revisions.py
    plan = models.ForeignKey(SafetyPlan, on_delete=models.PROTECT, related_name="bottom_lines")
    text = models.TextField()
    set_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    addressed = models.BooleanField(default=False)
    how_addressed = models.TextField(blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.text


class RedFlag(models.Model):
    plan = models.ForeignKey(SafetyPlan, on_delete=models.PROTECT, related_name="red_flags")
    sign = models.TextField()
    watching_members = models.ManyToManyField(NetworkMember, blank=True, related_name="+")
    watched_by_others = models.CharField(max_length=300, blank=True)
    response = models.TextField()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.sign


class PlanAgreement(models.Model):
    plan = models.ForeignKey(SafetyPlan, on_delete=models.PROTECT, related_name="agreements")
    person_name = models.CharField(max_length=200)
    role = models.CharField(max_length=200)
    agreed_on = models.DateField()
    method = models.CharField(max_length=12, choices=AgreementMethod.choices)

    class Meta:
        ordering = ["agreed_on", "pk"]

    def __str__(self) -> str:
        return f"{self.person_name} ({self.role}), {self.get_method_display().lower()}"


class TrajectoryStep(models.Model):
    """One dated step from now to closure, with what must be true to move on."""

    revision = models.PositiveIntegerField(default=1)  # each saved change: core/revisions.py
    plan = models.ForeignKey(SafetyPlan, on_delete=models.PROTECT, related_name="steps")
    seq = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    target_date = models.DateField()
    criteria = models.TextField(help_text="What needs to be true to move to the next step")
    status = models.CharField(
        max_length=12, choices=StepStatus.choices, default=StepStatus.NOT_STARTED
    )
    actual_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["seq"]
        constraints = [models.UniqueConstraint(fields=["plan", "seq"], name="safety_step_seq")]

    def __str__(self) -> str:
        return f"Step {self.seq}: {self.title}"


class PlanCheck(models.Model):
    """A monitoring check of the plan, or a broken rule or red flag reported on its own."""

    plan = models.ForeignKey(SafetyPlan, on_delete=models.PROTECT, related_name="checks")
    kind = models.CharField(max_length=10, choices=CheckKind.choices, default=CheckKind.CHECK)
    checked_on = models.DateField()
    checked_by = models.CharField(max_length=200)
    incidents = models.TextField(blank=True)
    red_flags_seen = models.ManyToManyField(RedFlag, blank=True, related_name="seen_in")
    actions = models.TextField(blank=True)
    scale = models.PositiveSmallIntegerField(null=True, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["checked_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(scale__isnull=True) | Q(scale__lte=10), name="safety_check_scale"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}, {self.checked_on:%-d %B %Y}"


class RuleCheck(models.Model):
    check_record = models.ForeignKey(PlanCheck, on_delete=models.PROTECT, related_name="results")
    rule = models.ForeignKey(PlanRule, on_delete=models.PROTECT, related_name="results")
    outcome = models.CharField(max_length=8, choices=RuleOutcome.choices)
    evidence = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["check_record", "rule"], name="safety_rule_once")
        ]

    def __str__(self) -> str:
        return f"{self.rule}: {self.get_outcome_display()}"


class ReconveneTask(models.Model):
    """R32: a broken rule or a red flag asks for the safety network to meet again and make the
    plan stronger. It never fails the plan."""

    plan = models.ForeignKey(SafetyPlan, on_delete=models.PROTECT, related_name="reconvene_tasks")
    raised_by_check = models.ForeignKey(
        PlanCheck, on_delete=models.PROTECT, related_name="reconvene_tasks"
    )
    reason = models.TextField()
    raised_on = models.DateField()
    due_on = models.DateField()
    done_at_meeting = models.ForeignKey(
        NetworkMeeting, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["raised_on", "pk"]
        indexes = [models.Index(fields=["plan", "done_at_meeting"])]

    def __str__(self) -> str:
        return "Reconvene the safety network"

    @property
    def is_done(self) -> bool:
        return self.done_at_meeting_id is not None
