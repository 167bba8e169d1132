"""Reads of reference data. (Case data is read through safetymap/access/ selectors instead.)"""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.db.models import Count, Prefetch, QuerySet

from safetymap.accounts.models import Organisation, Team, User


def organisations_with_user_counts() -> QuerySet[Organisation]:
    # Explicit order: Django leaves Meta.ordering out of queries with GROUP BY.
    return Organisation.objects.annotate(user_count=Count("users")).order_by("name")


def user_accounts() -> QuerySet[User]:
    """Every account with its organisation and roles, in a fixed number of queries."""
    return User.objects.select_related("organisation").prefetch_related(
        Prefetch("groups", queryset=Group.objects.order_by("name"))
    )


def teams_with_people() -> QuerySet[Team]:
    """Every team with its organisation, managers and member count, in one query."""
    return (
        Team.objects.select_related("organisation", "manager", "service_manager")
        .annotate(member_count=Count("members"))
        .order_by("organisation__name", "name")
    )
