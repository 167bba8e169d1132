"""Emails about emergency access, sent by the worker, never in the request that opened it."""

from __future__ import annotations

from django.template.loader import render_to_string
from django_tasks import task

from safetymap.worker.mail import send_once


@task()
def tell_about_emergency_access(grant_id: int) -> int:
    """Tell the privacy officers (who must review it) and the child's allocated worker that a
    record was opened in an emergency. The email gives the council's reference, never the
    child's name. Returns how many people were told."""
    from safetymap.access.models import AccessGrant
    from safetymap.accounts.models import User
    from safetymap.accounts.roles import Role, group_name
    from safetymap.cases.models import Allocation

    grant = AccessGrant.objects.select_related("user", "child").get(pk=grant_id)
    officers = User.objects.filter(
        is_active=True, groups__name=group_name(Role.PRIVACY_OFFICER)
    ).exclude(pk=grant.user_id)
    workers = User.objects.filter(
        is_active=True,
        pk__in=Allocation.objects.filter(episode__child=grant.child, ended_on__isnull=True).values(
            "worker"
        ),
    )
    recipients = sorted({person.email for person in [*officers, *workers]})
    if recipients:
        send_once(
            f"emergency-access:{grant.pk}",
            "Safetymap: a record was opened in an emergency",
            render_to_string("access/email/emergency_access.txt", {"grant": grant}),
            recipients,
        )
    return len(recipients)
