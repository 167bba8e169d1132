"""Kinds of organisation that take part in multi-agency child protection (domain.md §4.1)."""

from django.db import models


class OrganisationType(models.TextChoices):
    LA_CHILDRENS_SOCIAL_CARE = "LA_CSC", "Local authority children's social care"
    EARLY_HELP = "EARLY_HELP", "Early help"
    SCHOOL = "SCHOOL", "School"
    EARLY_YEARS = "EARLY_YEARS", "Early years"
    HEALTH_VISITING = "HEALTH_VISITING", "Health visiting"
    GP = "GP", "GP practice"
    HOSPITAL = "HOSPITAL", "Hospital"
    CAMHS = "CAMHS", "Child and adolescent mental health services (CAMHS)"
    POLICE = "POLICE", "Police"
    PROBATION = "PROBATION", "Probation"
    CAFCASS = "CAFCASS", "Cafcass"
    YOUTH_JUSTICE = "YOUTH_JUSTICE", "Youth justice"
    HOUSING = "HOUSING", "Housing"
    VOLUNTARY_SECTOR = "VOLUNTARY_SECTOR", "Voluntary sector"
    OTHER_LA = "OTHER_LA", "Other local authority"
    NSPCC = "NSPCC", "NSPCC"
    OTHER = "OTHER", "Other"


HEALTH_TYPES = frozenset(
    {
        OrganisationType.HEALTH_VISITING,
        OrganisationType.GP,
        OrganisationType.HOSPITAL,
        OrganisationType.CAMHS,
    }
)
