"""The map's own vocabulary (domain.md §2.2 and §4.3), in the practice's words."""

from django.db import models


class MapContext(models.TextChoices):
    CONTACT = "CONTACT", "Contact"
    ASSESSMENT = "ASSESSMENT", "Assessment"
    STRATEGY = "STRATEGY", "Strategy discussion"
    S47 = "S47", "Section 47 enquiry"
    ICPC = "ICPC", "Initial child protection conference"
    RCPC = "RCPC", "Review child protection conference"
    CORE_GROUP = "CORE_GROUP", "Core group"
    CIN_REVIEW = "CIN_REVIEW", "Child in need review"
    NETWORK_MEETING = "NETWORK_MEETING", "Network meeting"
    SUPERVISION = "SUPERVISION", "Supervision"
    CLOSURE = "CLOSURE", "Closure"


CONFERENCE_CONTEXTS = frozenset({MapContext.ICPC, MapContext.RCPC})


class MapStatus(models.TextChoices):
    DRAFT = "DRAFT", "Draft"
    SHARED = "SHARED", "Shared with the family"
    FINAL = "FINAL", "Final"


class Column(models.TextChoices):
    WORRIED = "WORRIED", "What are we worried about?"
    WORKING_WELL = "WORKING_WELL", "What's working well?"
    NEEDS_TO_HAPPEN = "NEEDS_TO_HAPPEN", "What needs to happen?"


class Category(models.TextChoices):
    PAST_HARM = "PAST_HARM", "Past harm"
    COMPLICATING_FACTOR = "COMPLICATING_FACTOR", "Complicating factor"
    GREY_AREA = "GREY_AREA", "Grey area"
    EXISTING_STRENGTH = "EXISTING_STRENGTH", "Existing strength"
    EXISTING_SAFETY = "EXISTING_SAFETY", "Existing safety"
    NEXT_STEP = "NEXT_STEP", "Next step"


COLUMN_OF: dict[str, str] = {
    Category.PAST_HARM: Column.WORRIED,
    Category.COMPLICATING_FACTOR: Column.WORRIED,
    Category.GREY_AREA: Column.WORRIED,
    Category.EXISTING_STRENGTH: Column.WORKING_WELL,
    Category.EXISTING_SAFETY: Column.WORKING_WELL,
    Category.NEXT_STEP: Column.NEEDS_TO_HAPPEN,
}


class FamilyPosition(models.TextChoices):
    AGREES = "AGREES", "The family agrees"
    PARTLY = "PARTLY", "The family partly agrees"
    DISPUTES = "DISPUTES", "The family disagrees"


class RaterGroup(models.TextChoices):
    FAMILY = "FAMILY", "Family"
    CHILD = "CHILD", "Child"
    NETWORK = "NETWORK", "Safety network"
    PROFESSIONAL = "PROFESSIONAL", "Professionals"


class GoalOutcome(models.TextChoices):
    """R33: how each safety goal stands when the case closes."""

    ACHIEVED = "ACHIEVED", "Achieved"
    NOT_APPLICABLE = "NOT_APPLICABLE", "Not applicable"
