"""The Signs of Safety map as linked data: items, danger statements paired with safety goals,
and scaling by every voice. A finalised map is a locked snapshot: the database refuses any change
to it or to anything hanging on it (triggers in migration 0002)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from safetymap.cases.models import Episode
from safetymap.mapping import scaling
from safetymap.mapping.codes import (
    COLUMN_OF,
    Category,
    FamilyPosition,
    GoalOutcome,
    MapContext,
    MapStatus,
    RaterGroup,
)
from safetymap.people.models import Child

USER = settings.AUTH_USER_MODEL


class SoSMap(models.Model):
    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="maps")
    context = models.CharField(max_length=20, choices=MapContext.choices)
    held_on = models.DateField()
    version = models.PositiveIntegerField(default=1)
    supersedes = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="superseded_by"
    )
    status = models.CharField(max_length=10, choices=MapStatus.choices, default=MapStatus.DRAFT)
    facilitator = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    participants = models.TextField(
        blank=True, help_text="Who took part: family, child, network, agencies"
    )
    family_present = models.BooleanField(default=False)
    child_present = models.BooleanField(default=False)
    overall_judgement = models.TextField(blank=True)
    # The children the map is about: the episode's child, and any brothers and sisters in the
    # household assessed with them at the same meeting.
    children = models.ManyToManyField(Child, related_name="maps_covering", blank=True)
    finalised_at = models.DateTimeField(null=True, blank=True)
    finalised_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", null=True)
    content_hash = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-version"]
        indexes = [models.Index(fields=["episode", "status"])]

    def __str__(self) -> str:
        return (
            f"{self.get_context_display()} map, {self.held_on:%-d %B %Y} (version {self.version})"
        )

    @property
    def is_final(self) -> bool:
        return self.status == MapStatus.FINAL


class DangerStatement(models.Model):
    """What statutory professionals (and others) worry will happen to the child if nothing
    changes, written with the four-part prompt (R18); paired with one safety goal (R19)."""

    map = models.ForeignKey(SoSMap, on_delete=models.PROTECT, related_name="danger_statements")
    seq_no = models.PositiveSmallIntegerField()
    who_is_worried = models.TextField()
    what_happened = models.TextField()
    worry_if_nothing_changes = models.TextField()
    acknowledged_safety = models.TextField(blank=True)
    family_position = models.CharField(max_length=10, choices=FamilyPosition.choices)
    dispute_text = models.TextField(blank=True)

    class Meta:
        ordering = ["seq_no"]
        constraints = [
            models.UniqueConstraint(fields=["map", "seq_no"], name="mapping_danger_seq_unique")
        ]

    def __str__(self) -> str:
        return f"Danger statement {self.seq_no}"

    @property
    def text(self) -> str:
        """The statement as one paragraph, as families read it."""
        parts = [
            f"{self.who_is_worried} are worried",
            self.what_happened,
            f"They are worried that if nothing changes, {self.worry_if_nothing_changes}",
        ]
        if self.acknowledged_safety:
            parts.append(self.acknowledged_safety)
        return " ".join(p.rstrip(".") + "." for p in parts)


class SafetyGoal(models.Model):
    revision = models.PositiveIntegerField(default=1)  # each saved change: core/revisions.py
    danger_statement = models.OneToOneField(
        DangerStatement, on_delete=models.PROTECT, related_name="safety_goal"
    )
    map = models.ForeignKey(SoSMap, on_delete=models.PROTECT, related_name="safety_goals")
    what_will_be_happening = models.TextField()
    what_the_child_will_experience = models.TextField(blank=True)
    what_professionals_need_to_see = models.TextField(blank=True)
    for_how_long = models.CharField(max_length=100, blank=True, help_text="For example, 6 months")
    # Set by the service on every save (not auto_now: a nullable column without a default is
    # added in place on SQLite, keeping the table's lock triggers).
    changed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Safety goal for danger statement {self.danger_statement.seq_no}"


class SafetyGoalReview(models.Model):
    """R33: before a case closes, each safety goal of the latest map is reviewed: achieved, or
    not applicable with the reason. Kept apart from the goal, so that it can be recorded once
    the map is final (the map's own parts are locked then)."""

    goal = models.OneToOneField(SafetyGoal, on_delete=models.PROTECT, related_name="review")
    outcome = models.CharField(max_length=14, choices=GoalOutcome.choices)
    reason = models.TextField(blank=True)
    reviewed_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    reviewed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(outcome=GoalOutcome.ACHIEVED) | ~models.Q(reason=""),
                name="mapping_goal_not_applicable_has_reason",
            )
        ]

    def __str__(self) -> str:
        return f"Review of safety goal {self.goal_id}"


class MapItem(models.Model):
    map = models.ForeignKey(SoSMap, on_delete=models.PROTECT, related_name="items")
    category = models.CharField(max_length=30, choices=Category.choices)
    text = models.TextField()
    source = models.CharField(max_length=300, blank=True, help_text="Who said or saw it")
    agreed_by = models.CharField(max_length=300, blank=True)
    disputed_by = models.CharField(max_length=300, blank=True)
    danger_statement = models.ForeignKey(
        DangerStatement, on_delete=models.PROTECT, null=True, blank=True, related_name="items"
    )
    owner = models.CharField(max_length=200, blank=True)  # next steps (R25)
    # Some of the map's children only; none means the item is about every child on the map.
    children = models.ManyToManyField(Child, related_name="+", blank=True)
    due_on = models.DateField(null=True, blank=True)
    position = models.PositiveIntegerField(default=0)
    # Live editing: each save of an item bumps its revision, and a save made from an older
    # revision is refused as a conflict instead of overwriting someone else's words.
    revision = models.PositiveIntegerField(default=1)
    changed_at = models.DateTimeField(auto_now=True, db_index=True)
    changed_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", null=True)

    class Meta:
        ordering = ["position", "pk"]
        indexes = [models.Index(fields=["map", "category"])]

    def __str__(self) -> str:
        return f"{self.get_category_display()}: {self.text[:40]}"

    @property
    def column(self) -> str:
        return COLUMN_OF[self.category]


class ScaleRating(models.Model):
    """One person's judgement on the safety scale (R23), overall or for one danger statement."""

    map = models.ForeignKey(SoSMap, on_delete=models.PROTECT, related_name="ratings")
    danger_statement = models.ForeignKey(
        DangerStatement, on_delete=models.PROTECT, null=True, blank=True, related_name="ratings"
    )
    rater_group = models.CharField(max_length=12, choices=RaterGroup.choices)
    rater = models.CharField(max_length=200)
    value = models.PositiveSmallIntegerField()
    reason = models.TextField()
    one_point_higher = models.TextField(blank=True)
    orientation = models.CharField(max_length=12)
    anchor_0 = models.CharField(max_length=300)
    anchor_10 = models.CharField(max_length=300)
    escalated = models.BooleanField(default=False)  # R24

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(value__lte=10), name="mapping_rating_0_to_10")
        ]

    def __str__(self) -> str:
        return f"{self.rater}: {self.value}"

    def as_rating(self) -> scaling.Rating:
        """The rating as the pure scaling rules see it (spreads, escalation)."""
        return scaling.Rating(
            value=self.value,
            group=scaling.RaterGroup(self.rater_group),
            rater=self.rater,
            orientation=scaling.Orientation(self.orientation),
            anchor_0=self.anchor_0,
            anchor_10=self.anchor_10,
            reason=self.reason,
            danger_statement=self.danger_statement_id,
            one_point_higher=self.one_point_higher,
        )


class EscalationResponse(models.Model):
    """R24: what the chair or a manager is doing about a professional's low safety rating.

    Kept apart from the rating itself, so that the action can be recorded after the map is
    final (the map's own parts are locked then)."""

    rating = models.OneToOneField(ScaleRating, on_delete=models.PROTECT, related_name="response")
    action_taken = models.TextField()
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Action on {self.rating}"
