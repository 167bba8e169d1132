"""Roles are kept as Django groups of the same name; these keep the two in step."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import Group

from safetymap.accounts.roles import Role, group_name


def ensure_role_groups(**kwargs: Any) -> None:
    """Create a group for every role. Runs after every `migrate` (and after test flushes)."""
    for role in Role:
        Group.objects.get_or_create(name=group_name(role))


def groups_for(roles: Iterable[Role]) -> list[Group]:
    names = [group_name(role) for role in roles]
    groups = list(Group.objects.filter(name__in=names))
    if len(groups) != len(set(names)):
        raise LookupError("A role's group is missing: run `manage.py migrate` to recreate it.")
    return groups
