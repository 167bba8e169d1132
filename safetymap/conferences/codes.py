"""The conference's own vocabulary (domain.md §4.4, §5.2, §5.3, §6.1 and Appendix A)."""

from django.db import models


class ConferenceType(models.TextChoices):
    INITIAL = "ICPC", "Initial child protection conference"
    REVIEW = "RCPC", "Review child protection conference"
    PRE_BIRTH = "PRE_BIRTH", "Pre-birth child protection conference"
    TRANSFER_IN = "TRANSFER_IN", "Transfer-in child protection conference"


class Stage(models.TextChoices):
    """domain.md §5.2. The allowed moves between them are in lifecycle.py."""

    REQUESTED = "REQUESTED", "Requested"
    SCHEDULED = "SCHEDULED", "Scheduled"
    INVITATIONS_SENT = "INVITATIONS_SENT", "Invitations sent"
    REPORTS_DUE = "REPORTS_DUE", "Reports due"
    HELD = "HELD", "Held"
    RECORD_DRAFTED = "RECORD_DRAFTED", "Record drafted"
    CHAIR_APPROVED = "CHAIR_APPROVED", "Record approved by the chair"
    DISTRIBUTED = "DISTRIBUTED", "Record distributed"
    POSTPONED = "POSTPONED", "Postponed"
    CANCELLED = "CANCELLED", "Cancelled"


class InviteeKind(models.TextChoices):
    PROFESSIONAL = "PROFESSIONAL", "Professional"
    FAMILY = "FAMILY", "Family member"


class RespondentType(models.TextChoices):
    """The feedback form each person is given (domain.md §6.4)."""

    PARENT_CARER = "PARENT_CARER", "Parent or carer"
    CHILD = "CHILD", "Child or young person"
    PROFESSIONAL = "PROFESSIONAL", "Professional"


class Attendance(models.TextChoices):
    PRESENT = "PRESENT", "Present"
    APOLOGIES = "APOLOGIES", "Apologies"
    ABSENT = "ABSENT", "Did not attend"
    REPORT_ONLY = "REPORT_ONLY", "Sent a report only"
    EXCLUDED_PART = "EXCLUDED_PART", "Excluded from part of the conference"


class EmailKind(models.TextChoices):
    INVITATION = "INVITATION", "Invitation"
    REPORT_REQUEST = "REPORT_REQUEST", "Report request"
    REPORT_REMINDER = "REPORT_REMINDER", "Report reminder"
    POSTPONED = "POSTPONED", "Postponement notice"
    CANCELLED = "CANCELLED", "Cancellation notice"


class ReportStatus(models.TextChoices):
    DRAFT = "DRAFT", "Draft"
    SUBMITTED = "SUBMITTED", "Submitted"


class Recommendation(models.TextChoices):
    CP_PLAN = "CP_PLAN", "A child protection plan"
    CIN_PLAN = "CIN_PLAN", "A child in need plan"
    EARLY_HELP = "EARLY_HELP", "Early help"
    NO_FURTHER_ACTION = "NFA", "No further action"


class ViewsKind(models.TextChoices):
    """R28: how the child's views reach the conference."""

    VOICE_RECORD = (
        "VOICE_RECORD",
        "A record of the child's voice they agreed the conference may see",
    )
    WRITTEN = "WRITTEN", "A written note of the child's views"
    OBSERVATION = (
        "OBSERVATION",
        "They could not give views (too young or unborn): observation notes",
    )


class Outcome(models.TextChoices):
    CP_PLAN = "CP_PLAN", "A child protection plan"
    NO_PLAN_CIN = "NO_PLAN_CIN", "No plan: a child in need plan"
    NO_PLAN_EARLY_HELP = "NO_PLAN_EARLY_HELP", "No plan: early help"
    NO_FURTHER_ACTION = "NFA", "No plan: no further action"


# At a review conference the same decisions read as what happens to the plan.
REVIEW_OUTCOME_CHOICES = [
    (Outcome.CP_PLAN, "Continue the child protection plan"),
    (Outcome.NO_PLAN_CIN, "End the plan: step down to a child in need plan"),
    (Outcome.NO_PLAN_EARLY_HELP, "End the plan: step down to early help"),
    (Outcome.NO_FURTHER_ACTION, "End the plan: no further action"),
]


# Appendix A: the agenda of the live record, in order. The key names a part someone may be
# excluded from (R40), and the part of the record left out of what they receive.
AGENDA: tuple[tuple[str, str, str], ...] = (
    # key, the record's heading, the family version's heading
    ("welcome", "Welcome, purpose and attendance", "Who came"),
    ("family", "Family and network", "Your family and network"),
    ("brought_here", "What has brought us here", "Why we met"),
    ("worries", "What are we worried about?", "What people are worried about"),
    ("working_well", "What's working well?", "What is going well"),
    ("views", "The child's views and the parents' views", "What the children and you said"),
    ("danger", "Danger statements", "What could happen if nothing changes"),
    ("scaling", "Scaling", "How safe people think things are (0 to 10)"),
    ("decision", "Decision", "What was decided"),
    ("next", "What needs to happen", "What needs to happen next"),
    ("core_group", "Core group, lead social worker and dates", "Who will work with you, and when"),
)
AGENDA_KEYS = tuple(key for key, _, _ in AGENDA)
AGENDA_CHOICES = [(key, heading) for key, heading, _ in AGENDA]

# Agencies whose reports do not give a view on whether a plan is needed (§6.1 item 10:
# configurable per agency type). Empty by default: every English agency report may recommend.
NO_RECOMMENDATION_TYPES: frozenset[str] = frozenset()
