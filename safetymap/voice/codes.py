"""The child's voice in the practice's own words (domain.md §2.6, §4.3)."""

from django.db import models


class Tool(models.TextChoices):
    THREE_HOUSES = "THREE_HOUSES", "Three Houses"
    FAIRY_WIZARD = "FAIRY_WIZARD", "Fairy or Wizard"
    SAFETY_HOUSE = "SAFETY_HOUSE", "Safety House"
    DIRECT_QUOTE = "DIRECT_QUOTE", "The child's own words"


class ShareScope(models.TextChoices):
    """Who the child agreed may see what they said, as widening circles: each includes the ones
    before it (the network includes the parents, a conference includes the network)."""

    NONE = "NONE", "Only the worker who did this with me and their team"
    PARENTS = "PARENTS", "My parents or carers too"
    NETWORK = "NETWORK", "My safety network too"
    CONFERENCE = "CONFERENCE", "The people at my child protection conference too"
    ALL_PROFESSIONALS = "ALL_PROFESSIONALS", "Everyone who works with my family"


class ParentalConsent(models.TextChoices):
    YES = "YES", "Yes, a parent or carer agreed"
    NO = "NO", "No"
    NOT_REQUIRED = "NOT_REQUIRED", "Not needed"


class Figure(models.TextChoices):
    FAIRY = "FAIRY", "Fairy"
    WIZARD = "WIZARD", "Wizard"
    OTHER = "OTHER", "Something else the child chose"


class WordsAndPicturesType(models.TextChoices):
    EXPLANATION = "EXPLANATION", "Explanation (why we are involved)"
    SAFETY_PLAN = "SAFETY_PLAN", "Safety plan"
    CLOSURE = "CLOSURE", "Closure (why we are stepping back)"
    OTHER = "OTHER", "Other"


class Audience(models.TextChoices):
    """Who an output is for (voice/sharing.py decides whether the child's permission covers it)."""

    PROFESSIONALS = "PROFESSIONALS", "Professionals who work with the family"
    CONFERENCE = "CONFERENCE", "Child protection conference"
    NETWORK = "NETWORK", "The safety network"
    FAMILY = "FAMILY", "The family"
