"""Loading the demo borough. One transaction: a half-loaded demo would be worse than none."""

from __future__ import annotations

from django.db import transaction

from safetymap.accounts.models import Organisation, User
from safetymap.accounts.role_groups import groups_for
from safetymap.audit.models import Action
from safetymap.audit.services import record
from safetymap.demo import data


class NotADemoDatabase(Exception):
    """The database holds accounts that are not the demo's: it may be a real one."""


def database_is_empty() -> bool:
    return not User.objects.exists()


def _refuse_unless_demo_database() -> None:
    demo_emails = [person.email for person in data.USERS]
    others = User.objects.exclude(email__in=demo_emails).count()
    if others:
        raise NotADemoDatabase(
            f"This database has {others} accounts that are not in the demo, so it may hold real "
            "records. The demo is only loaded into an empty database or a demo one."
        )


@transaction.atomic
def load_demo(password: str) -> list[data.DemoUser]:
    """Create the demo organisations and one user per role. Safe to run twice."""
    _refuse_unless_demo_database()
    organisations: dict[str, Organisation] = {}
    for org in data.ORGANISATIONS:
        organisations[org.name], _ = Organisation.objects.get_or_create(
            name=org.name,
            defaults={
                "organisation_type": org.organisation_type,
                "urn": org.urn,
                "ods_code": org.ods_code,
            },
        )
    for person in data.USERS:
        user, created = User.objects.get_or_create(
            email=person.email,
            defaults={
                "full_name": person.full_name,
                "job_title": person.job_title,
                "organisation": organisations[person.organisation],
            },
        )
        if created:
            user.set_password(password)
            user.save(update_fields=["password"])
            user.groups.set(groups_for(person.roles))
            record(
                actor=None,
                actor_label="load_demo",
                action=Action.CREATE,
                subject=user,
                basis="demo data",
            )
    return list(data.USERS)
