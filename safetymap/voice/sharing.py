"""R27: who may see what a child said, in one place. Plain Python, no Django.

The child chooses a scope, as widening circles (each includes those before it):

    NONE < PARENTS < NETWORK < CONFERENCE < ALL_PROFESSIONALS

and may name people who must not see it. Then:

- the practitioner who recorded it, and the child's allocated worker and their team, always see it
  in the case record (they hold the work);
- any other professional who can see the child sees it only when the scope is ALL_PROFESSIONALS,
  and never if the child named them;
- an output for another audience (a family booklet, the safety network, conference papers, the
  map, which the family and every professional read) is made only when the scope covers that
  audience, whoever asks for it; and for someone the child named, never;
- a safeguarding override with a recorded reason widens the scope to the audience it names (never
  lifting a named exclusion). The services record it and audit it.

Every page, list, picture and booklet asks ``may_see``; nothing else decides.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

# The scopes, narrowest first (the values of voice.codes.ShareScope).
SCOPES = ("NONE", "PARENTS", "NETWORK", "CONFERENCE", "ALL_PROFESSIONALS")
# The scope each audience needs (the values of voice.codes.Audience).
NEEDS = {
    "FAMILY": "PARENTS",
    "NETWORK": "NETWORK",
    "CONFERENCE": "CONFERENCE",
    "PROFESSIONALS": "ALL_PROFESSIONALS",
}
PROFESSIONALS = "PROFESSIONALS"
# The access policy's words for holding the work (safetymap.access.policy.basis_for).
HOLDS_THE_WORK = frozenset({"allocated worker", "team of the allocated worker"})


@dataclass(frozen=True)
class Viewer:
    user_id: int
    names: frozenset[str]  # their email address and full name, lower case
    basis: str | None  # why the access policy lets them see the child; None: it does not


@dataclass(frozen=True)
class Permission:
    recorded_by_id: int
    scope: str
    exclusions: tuple[str, ...] = ()
    overridden_for: frozenset[str] = frozenset()  # audiences shared with for a recorded reason


def viewer(user_id: int, email: str, full_name: str, basis: str | None) -> Viewer:
    names = frozenset(n.strip().lower() for n in (email, full_name) if n and n.strip())
    return Viewer(user_id, names, basis)


def effective_scope(scope: str, overridden_for: Iterable[str] = ()) -> str:
    """The child's scope, widened by any safeguarding override."""
    widest = SCOPES.index(scope)
    for audience in overridden_for:
        widest = max(widest, SCOPES.index(NEEDS[audience]))
    return SCOPES[widest]


def covers(permission: Permission, audience: str) -> bool:
    scope = effective_scope(permission.scope, permission.overridden_for)
    return SCOPES.index(scope) >= SCOPES.index(NEEDS[audience])


def is_excluded(who: Viewer, permission: Permission) -> bool:
    named = {name.strip().lower() for name in permission.exclusions}
    return bool(named & who.names)


def holds_the_work(who: Viewer, permission: Permission) -> bool:
    return who.user_id == permission.recorded_by_id or who.basis in HOLDS_THE_WORK


def may_see(who: Viewer, permission: Permission, audience: str = PROFESSIONALS) -> bool:
    """Whether this person may see the record (audience PROFESSIONALS: in the case record), or
    make or see an output of it for another audience (FAMILY, NETWORK, CONFERENCE)."""
    if who.basis is None:
        return False  # no sight of the child at all
    if audience == PROFESSIONALS and holds_the_work(who, permission):
        return True
    if is_excluded(who, permission):
        return False
    return covers(permission, audience)


def why_not(child_name: str, permission: Permission, audience: str) -> str:
    """The refusal, in words for the practitioner."""
    wanted = {
        "FAMILY": "their parents or carers",
        "NETWORK": "their safety network",
        "CONFERENCE": "the child protection conference",
        "PROFESSIONALS": "everyone who works with the family",
    }[audience]
    return (
        f"{child_name} has not agreed to share this with {wanted}. Keep it within what "
        f"{child_name} agreed, or record a safeguarding reason to share it more widely."
    )
