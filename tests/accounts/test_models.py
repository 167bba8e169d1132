from __future__ import annotations

import pytest

from safetymap.accounts.models import User
from safetymap.accounts.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_every_role_exists_as_a_group():
    from django.contrib.auth.models import Group

    assert set(Group.objects.values_list("name", flat=True)) >= {str(r.label) for r in Role}


def test_roles_come_from_groups():
    person = UserFactory(roles=[Role.CONFERENCE_CHAIR, Role.SOCIAL_WORKER])
    assert person.roles == {Role.CONFERENCE_CHAIR, Role.SOCIAL_WORKER}
    assert person.has_role(Role.CONFERENCE_CHAIR) and not person.has_role(Role.TRAINER)


def test_email_is_stored_in_lower_case():
    person = User.objects.create_user("Mixed.Case@Fictional.example", "x", full_name="M")
    assert person.email == "mixed.case@fictional.example"
