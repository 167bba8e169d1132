"""Extra checks on reading a stored file, by its purpose.

Sight of the child (the access policy) is always needed. An app whose files carry more limits
registers a gate for its purpose in its AppConfig.ready(): the voice app's drawings, for example,
are seen only by those the child agreed may see them (R27). A gate answers True or False; it must
not write anything (the file view writes the one audit event).
"""

from __future__ import annotations

from collections.abc import Callable

from safetymap.accounts.models import User
from safetymap.uploads.models import StoredFile

Gate = Callable[[User, StoredFile, str], bool]  # (viewer, file, basis of sight) -> allowed

_GATES: dict[str, Gate] = {}


def register(purpose: str, gate: Gate) -> None:
    _GATES[purpose] = gate


def allows(user: User, stored: StoredFile, basis: str) -> bool:
    gate = _GATES.get(stored.purpose)
    return gate is None or gate(user, stored, basis)
