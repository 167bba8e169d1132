"""Factories for test data. Every person is plainly fictional."""

from __future__ import annotations

import factory

from safetymap.accounts.models import Organisation, User
from safetymap.accounts.organisation_types import OrganisationType
from safetymap.accounts.role_groups import groups_for
from safetymap.accounts.roles import Role

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
