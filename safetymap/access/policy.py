"""The access policy: the one place that decides who may do what in Safetymap.

Two questions, answered only here:

1. *What kinds of work may this person do?* Capabilities, granted by roles (below).
2. *Which children may this person see, and on what basis?* A relationship to the child
   (allocation, team, conference invitation, core group, a time-limited front-door enquiry) or a
   reviewed break-glass. Those selectors (``visible_children(user)`` and friends) are added here
   with the case record (issue 3) and the full policy (issue 7); every selector that reads case
   data must start from them. A role alone never shows anyone a child.
"""

from __future__ import annotations

from enum import StrEnum

from django.contrib.auth.models import AnonymousUser

from safetymap.accounts.models import User
from safetymap.accounts.roles import Role


class Capability(StrEnum):
    USE_CASE_WORK = "use_case_work"
    MANAGE_REFERENCE_DATA = "manage_reference_data"


# Every role does case work of some kind except the administrators of the system itself, who
# manage reference data and never case records.
ROLE_CAPABILITIES: dict[Role, frozenset[Capability]] = {
    role: frozenset({Capability.USE_CASE_WORK}) for role in Role
}
ROLE_CAPABILITIES[Role.SYSTEM_ADMINISTRATOR] = frozenset({Capability.MANAGE_REFERENCE_DATA})
ROLE_CAPABILITIES[Role.PARTNERSHIP_ADMINISTRATOR] = frozenset()
ROLE_CAPABILITIES[Role.TRAINER] = frozenset()


class AccessRefused(Exception):
    """An action the policy does not allow; ``str(error)`` is shown to the person."""


def capabilities(user: User | AnonymousUser) -> frozenset[Capability]:
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    granted: set[Capability] = set()
    for role in user.roles:
        granted |= ROLE_CAPABILITIES[role]
    return frozenset(granted)


def can(user: User | AnonymousUser, capability: Capability) -> bool:
    return capability in capabilities(user)


REFUSAL_REASONS: dict[Capability, str] = {
    Capability.USE_CASE_WORK: "Your role does not include work with children's records.",
    Capability.MANAGE_REFERENCE_DATA: (
        "Only system administrators can change organisations and user accounts."
    ),
}


def require(user: User | AnonymousUser, capability: Capability) -> None:
    if not can(user, capability):
        raise AccessRefused(REFUSAL_REASONS[capability])
