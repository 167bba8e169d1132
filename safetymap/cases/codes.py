"""DfE code lists for episodes (CIN census), stored as the DfE values."""

from django.db import models


class PrimaryNeed(models.TextChoices):
    N0 = "N0", "N0 Not stated"
    N1 = "N1", "N1 Abuse or neglect"
    N2 = "N2", "N2 Child's disability or illness"
    N3 = "N3", "N3 Parental disability or illness"
    N4 = "N4", "N4 Family in acute stress"
    N5 = "N5", "N5 Family dysfunction"
    N6 = "N6", "N6 Socially unacceptable behaviour"
    N7 = "N7", "N7 Low income"
    N8 = "N8", "N8 Absent parenting"
    N9 = "N9", "N9 Cases other than children in need"


class ReferralSource(models.TextChoices):
    INDIVIDUAL_FAMILY = "1A", "Individual: family member, relative or carer"
    INDIVIDUAL_ACQUAINTANCE = "1B", "Individual: acquaintance"
    INDIVIDUAL_SELF = "1C", "Individual: self"
    INDIVIDUAL_OTHER = "1D", "Individual: other"
    SCHOOLS = "2A", "Schools"
    EDUCATION_OTHER = "2B", "Education services"
    HEALTH_GP = "3A", "Health services: GP"
    HEALTH_VISITOR = "3B", "Health services: health visitor"
    HEALTH_SCHOOL_NURSE = "3C", "Health services: school nurse"
    HEALTH_OTHER_PRIMARY = "3D", "Health services: other primary health"
    HEALTH_A_AND_E = "3E", "Health services: A&E"
    HEALTH_OTHER = "3F", "Health services: other"
    HOUSING = "4", "Housing"
    LA_SERVICES = "5A", "Local authority services: social care"
    LA_OTHER_INTERNAL = "5B", "Local authority services: other internal"
    LA_EXTERNAL = "5C", "Local authority services: external"
    POLICE = "6", "Police"
    OTHER_LEGAL = "7", "Other legal agency"
    OTHER = "8", "Other"
    ANONYMOUS = "9", "Anonymous"
    UNKNOWN = "10", "Unknown"


class ClosureReason(models.TextChoices):
    RC1 = "RC1", "RC1 Adopted"
    RC2 = "RC2", "RC2 Died"
    RC3 = "RC3", "RC3 Child arrangements order"
    RC4 = "RC4", "RC4 Special guardianship order"
    RC5 = "RC5", "RC5 Transferred to another local authority"
    RC6 = "RC6", "RC6 Transferred to adult social care"
    RC7 = "RC7", "RC7 Services ceased for any other reason"
    RC8 = "RC8", "RC8 Case closed after assessment, no further action"
    RC9 = "RC9", "RC9 Case closed after assessment, referred to early help"


class ContactChannel(models.TextChoices):
    PORTAL = "PORTAL", "Online referral form"
    PHONE = "PHONE", "Phone"
    EMAIL = "EMAIL", "Email"
    POLICE_NOTIFICATION = "POLICE", "Police notification"
    IN_PERSON = "IN_PERSON", "In person"
    OTHER = "OTHER", "Other"


class ContactDecision(models.TextChoices):
    NO_FURTHER_ACTION = "NFA", "No further action"
    ADVICE = "ADVICE_SIGNPOST", "Advice or signposting"
    EARLY_HELP = "EARLY_HELP", "Refer to early help"
    ASSESSMENT = "CSC_ASSESSMENT", "Child and family assessment"
    STRATEGY_DISCUSSION = "STRATEGY_DISCUSSION", "Strategy discussion"
    IMMEDIATE_PROTECTION = "IMMEDIATE_PROTECTION", "Immediate protection"


# Decisions that make the contact a referral: an episode of need starts.
REFERRAL_DECISIONS = frozenset(
    {
        ContactDecision.ASSESSMENT,
        ContactDecision.STRATEGY_DISCUSSION,
        ContactDecision.IMMEDIATE_PROTECTION,
    }
)


class ConsentStatus(models.TextChoices):
    OBTAINED = "OBTAINED", "The family agreed to the referral"
    NOT_SOUGHT = "NOT_SOUGHT", "Not sought, because it could put the child at risk"
    REFUSED = "REFUSED", "The family refused"


class AssessmentOutcome(models.TextChoices):
    NO_FURTHER_ACTION = "NFA", "No further action (closure RC8)"
    EARLY_HELP = "EARLY_HELP", "Early help (closure RC9)"
    CIN_PLAN = "CIN_PLAN", "Child in need plan"
    STRATEGY = "STRATEGY", "Strategy discussion"
    OTHER = "OTHER", "Other"


class MeetingFormat(models.TextChoices):
    MEETING = "MEETING", "Meeting in person"
    CALL = "CALL", "Phone call"
    VIRTUAL = "VIRTUAL", "Video call"


class Section47Decision(models.TextChoices):
    JOINT = "YES_JOINT_WITH_POLICE", "Yes: a section 47 enquiry, jointly with the police"
    SINGLE_AGENCY = "YES_SINGLE_AGENCY", "Yes: a section 47 enquiry by children's social care"
    POLICE_ONLY = "POLICE_ONLY", "Police investigation only"
    ASSESSMENT = "NO_ASSESSMENT", "No: continue the child and family assessment"
    EARLY_HELP = "NO_EARLY_HELP", "No: early help"
    NO_FURTHER_ACTION = "NFA", "No further action"


SECTION_47_STARTS = frozenset({Section47Decision.JOINT, Section47Decision.SINGLE_AGENCY})


class Section47Outcome(models.TextChoices):
    # The Standard Safeguarding Dataset's list (domain.md Appendix C), R11.
    INITIAL_CONFERENCE = "ICPC", "Initial child protection conference"
    OTHER_AGENCY_MONITOR = "MONITOR", "Other agency to monitor the child's welfare"
    CONTINUE_ASSESSMENT = "NFA_ASSESSMENT", "No further action: continue with the family assessment"
    LEGAL_ACTION = "LEGAL", "Initiate legal action"
    SERVICES = "SERVICES", "Provision of services (section 17)"
    SHORT_BREAKS = "SHORT_BREAKS", "Provision of short break care (section 17)"
    NO_FURTHER_ACTION = "NFA", "No further action"
    OTHER = "OTHER", "Other outcome"


class CategoryOfAbuse(models.TextChoices):
    # R35: the four categories; "multiple" is derived for returns, never chosen.
    NEGLECT = "NEG", "Neglect"
    PHYSICAL = "PHY", "Physical abuse"
    EMOTIONAL = "EMO", "Emotional abuse"
    SEXUAL = "SAB", "Sexual abuse"


class ChildInNeedPlanOutcome(models.TextChoices):
    """How a child in need plan ended (domain.md 3.11)."""

    NEEDS_MET = (
        "NEEDS_MET",
        "What needed to happen has happened: no more services needed",
    )
    EARLY_HELP = "EARLY_HELP", "Stepped down to early help"
    PROTECTION = "PROTECTION", "Worries grew: a strategy discussion or a child protection plan"
    MOVED = "MOVED", "The child moved to another council"
    OTHER = "OTHER", "Another reason"


class PlanEndReason(models.TextChoices):
    REVIEW_CONFERENCE = "RCPC", "Decided at a review child protection conference"
    MOVED_LA = "MOVED_LA", "Moved to another local authority (receiving conference held)"
    EIGHTEEN = "EIGHTEEN", "Reached 18"
    DIED = "DIED", "Died"
    LEFT_UK = "LEFT_UK", "Left the UK"
    LOOKED_AFTER = "LOOKED_AFTER", "Became looked after"


# R15: the only reasons a child protection plan can end outside a review conference.
ENDS_OUTSIDE_CONFERENCE = frozenset(
    {
        PlanEndReason.MOVED_LA,
        PlanEndReason.EIGHTEEN,
        PlanEndReason.DIED,
        PlanEndReason.LEFT_UK,
        PlanEndReason.LOOKED_AFTER,
    }
)


class NoteType(models.TextChoices):
    VISIT = "VISIT", "Visit to the child"
    CHILD_SEEN_ALONE = "SEEN_ALONE", "Child seen alone"
    PHONE = "PHONE", "Phone call"
    MEETING = "MEETING", "Meeting"
    OBSERVATION = "OBSERVATION", "Observation"
    OTHER = "OTHER", "Other"


class Significance(models.TextChoices):
    HIGH = "HIGH", "High"
    MEDIUM = "MEDIUM", "Medium"
    LOW = "LOW", "Low"
