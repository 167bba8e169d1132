"""Factories for test data. Every person is plainly fictional."""

from __future__ import annotations

import datetime

import factory

from safetymap.accounts.models import Organisation, Team, User
from safetymap.accounts.organisation_types import OrganisationType
from safetymap.accounts.role_groups import groups_for
from safetymap.accounts.roles import Role
from safetymap.cases.codes import ReferralSource
from safetymap.cases.models import Allocation, Episode
from safetymap.people.models import Child

PASSWORD = "Test-password-for-fictional-people"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Fictional Agency {n}")
    organisation_type = OrganisationType.LA_CHILDRENS_SOCIAL_CARE


class UserFactory(factory.django.DjangoModelFactory):
    """``UserFactory(roles=[Role.SOCIAL_WORKER])``; the password is ``PASSWORD``."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@fictional.example")
    full_name = factory.Sequence(lambda n: f"Fictional Person {n}")
    organisation = factory.SubFactory(OrganisationFactory)
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def roles(self, create: bool, roles: list[Role] | None, **kwargs) -> None:
        if create and roles:
            self.groups.set(groups_for(roles))
            self._roles_cache = None


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Fictional Team {n}")

    @factory.post_generation
    def members(self, create: bool, members: list[User] | None, **kwargs) -> None:
        if create and members:
            self.members.set(members)


class ChildFactory(factory.django.DjangoModelFactory):
    """A fictional child; ``search_keys`` are stored as the service would store them."""

    class Meta:
        model = Child
        skip_postgeneration_save = True

    la_child_id = factory.Sequence(lambda n: f"TST{n:07d}")
    first_name = factory.Sequence(lambda n: f"Fictional{n}")
    last_name = "Testchild"
    date_of_birth = datetime.date(2018, 5, 17)

    @factory.post_generation
    def with_search_keys(self, create: bool, extracted, **kwargs) -> None:
        if create:
            from safetymap.people.services import store_search_keys

            store_search_keys(self)


class EpisodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Episode

    child = factory.SubFactory(ChildFactory)
    referral_date = datetime.date(2026, 9, 1)
    referral_source = ReferralSource.SCHOOLS


class AllocationFactory(factory.django.DjangoModelFactory):
    """``AllocationFactory(worker=user)`` gives ``user`` an open allocation to a new child."""

    class Meta:
        model = Allocation

    episode = factory.SubFactory(EpisodeFactory)
    worker = factory.SubFactory(UserFactory, roles=[Role.SOCIAL_WORKER])
    team = factory.SubFactory(TeamFactory)
    started_on = datetime.date(2026, 9, 2)
