"""The safety network's and safety plan's own vocabulary (domain.md §2.7, §2.8, §4.3), in the
practice's words. The plan's statuses live in ``lifecycle.py`` (pure Python) and are mirrored
here as Django choices."""

from django.db import models

from safetymap.safety.lifecycle import LABELS, Status


class InformedVia(models.TextChoices):
    DANGER_STATEMENTS = "DANGER_STATEMENTS", "Shown the danger statements and safety goals"
    WORDS_AND_PICTURES = "WORDS_AND_PICTURES", "Shown the Words and Pictures explanation"
    MEETING = "MEETING", "At a network meeting"


class MemberStatus(models.TextChoices):
    PROSPECTIVE = "PROSPECTIVE", "Prospective"
    ACTIVE = "ACTIVE", "Active"
    STEPPED_BACK = "STEPPED_BACK", "Stepped back"
    NOT_APPROVED = "NOT_APPROVED", "Not approved"


class Attendance(models.TextChoices):
    PRESENT = "PRESENT", "Present"
    APOLOGIES = "APOLOGIES", "Sent apologies"
    ABSENT = "ABSENT", "Did not come"


class PlanType(models.TextChoices):
    IMMEDIATE = "IMMEDIATE", "Immediate (for the next hours or days)"
    INTERIM = "INTERIM", "Interim (while the full plan is built)"
    FULL = "FULL", "Full safety plan"


class PlanStatus(models.TextChoices):
    # The same values and words as lifecycle.Status (a test keeps them in step).
    DRAFT = Status.DRAFT.value, LABELS[Status.DRAFT]
    NETWORK_INFORMED = Status.NETWORK_INFORMED.value, LABELS[Status.NETWORK_INFORMED]
    AGREED = Status.AGREED.value, LABELS[Status.AGREED]
    ACTIVE = Status.ACTIVE.value, LABELS[Status.ACTIVE]
    UNDER_REVIEW = Status.UNDER_REVIEW.value, LABELS[Status.UNDER_REVIEW]
    SUPERSEDED = Status.SUPERSEDED.value, LABELS[Status.SUPERSEDED]
    ENDED = Status.ENDED.value, LABELS[Status.ENDED]


class AgreementMethod(models.TextChoices):
    SIGNED = "SIGNED", "Signed"
    VERBAL = "VERBAL", "Said so (verbal)"
    ELECTRONIC = "ELECTRONIC", "Electronically (email or message)"


class RuleOutcome(models.TextChoices):
    KEPT = "KEPT", "Kept"
    PARTLY = "PARTLY", "Partly kept"
    BROKEN = "BROKEN", "Broken"


# A rule partly kept or broken is a breach: the network is reconvened to make the plan stronger.
BREACHES = frozenset({RuleOutcome.PARTLY, RuleOutcome.BROKEN})


class CheckKind(models.TextChoices):
    CHECK = "CHECK", "Monitoring check"
    CONCERN = "CONCERN", "Broken rule or red flag reported"


class StepStatus(models.TextChoices):
    NOT_STARTED = "NOT_STARTED", "Not started"
    IN_PROGRESS = "IN_PROGRESS", "In progress"
    DONE = "DONE", "Done"
    NOT_DONE = "NOT_DONE", "Not done"
