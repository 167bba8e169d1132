"""The roles people hold in Safetymap. Each role is a Django group of the same name.

A role says what kind of work someone does (chair a conference, run the partnership's training).
It never, on its own, lets anyone see a child: that needs a relationship to the child, decided by
the access policy (safetymap/access/).
"""

from __future__ import annotations

from django.db import models


class Role(models.TextChoices):
    SOCIAL_WORKER = "social_worker", "Social worker"
    TEAM_MANAGER = "team_manager", "Team manager"
    SERVICE_MANAGER = "service_manager", "Service manager"
    FRONT_DOOR_PRACTITIONER = "front_door_practitioner", "Front door (MASH) practitioner"
    CONFERENCE_CHAIR = "conference_chair", "Conference chair"
    BUSINESS_SUPPORT = "business_support", "Business support"
    PARTNER_PRACTITIONER = "partner_practitioner", "Partner practitioner"
    PRACTICE_LEAD = "practice_lead", "Practice lead"
    TRAINER = "trainer", "Trainer"
    PARTNERSHIP_ADMINISTRATOR = "partnership_administrator", "Partnership administrator"
    PRIVACY_OFFICER = "privacy_officer", "Privacy officer"
    SYSTEM_ADMINISTRATOR = "system_administrator", "System administrator"


def group_name(role: Role) -> str:
    """Groups are named by the role's label, which is what administrators see."""
    return str(role.label)


ROLE_BY_GROUP_NAME: dict[str, Role] = {str(role.label): role for role in Role}
