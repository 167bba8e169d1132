"""Loading the demo borough. One transaction: a half-loaded demo would be worse than none."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from safetymap.accounts.models import Organisation, Team, User
from safetymap.accounts.role_groups import groups_for
from safetymap.audit.models import Action
from safetymap.audit.services import record
from safetymap.cases.models import Allocation, Episode
from safetymap.demo import data, families
from safetymap.people.models import Child, Household, HouseholdMember, Person, Relationship
from safetymap.people.services import store_search_keys


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
    _load_families(organisations[data.LARKFORD_CSC])
    return list(data.USERS)


def _load_families(csc: Organisation) -> None:
    today = timezone.localdate()
    users = {u.email: u for u in User.objects.filter(email__in=[p.email for p in data.USERS])}
    teams: dict[str, Team] = {}
    for name, spec in families.TEAMS.items():
        team, _ = Team.objects.get_or_create(
            organisation=csc, name=name, defaults={"manager": users[spec["manager"]]}
        )
        team.members.set([users[email] for email in spec["members"]])
        teams[name] = team
    for family in families.FAMILIES:
        if Child.objects.filter(la_child_id=family.children[0].la_child_id).exists():
            continue
        household = Household.objects.create(name=family.household)
        children = []
        for spec in family.children:
            child = Child.objects.create(
                la_child_id=spec.la_child_id,
                first_name=spec.first_name,
                last_name=spec.last_name,
                known_as=spec.known_as,
                sex=spec.sex,
                ethnicity=spec.ethnicity,
                nhs_number=spec.nhs_number,
                first_language=spec.first_language,
                interpreter_needed=spec.interpreter_needed,
                date_of_birth=families.birth_date(spec, today),
                expected_date_of_birth=families.due_date(spec, today),
            )
            store_search_keys(child)
            HouseholdMember.objects.create(household=household, child=child)
            children.append(child)
        for adult in family.adults:
            person = Person.objects.create(first_name=adult.first_name, last_name=adult.last_name)
            if adult.lives_in_household:
                HouseholdMember.objects.create(household=household, person=person)
            for child in children:
                Relationship.objects.create(
                    child=child,
                    person=person,
                    relationship_type=adult.relationship,
                    has_parental_responsibility=adult.has_parental_responsibility,
                    lives_in_household=adult.lives_in_household,
                    contact_arrangements=adult.contact_arrangements,
                )
        plan = family.episode
        for child in children:
            episode = Episode.objects.create(
                child=child,
                referral_date=today - datetime.timedelta(days=plan.referred_days_ago),
                referral_source=plan.source,
                primary_need=plan.primary_need,
                closure_date=(today - datetime.timedelta(days=plan.closed_days_ago))
                if plan.closed_days_ago
                else None,
                closure_reason=plan.closure_reason,
            )
            Allocation.objects.create(
                episode=episode,
                worker=users[plan.allocated_to],
                team=teams["Assessment team"],
                started_on=episode.referral_date + datetime.timedelta(days=1),
                ended_on=episode.closure_date,
            )
