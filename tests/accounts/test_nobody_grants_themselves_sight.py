"""Issue 15, finding 4's twins: a grant of sight or of capabilities is never given by the person
who gets it. A system administrator cannot give their own account a role, nor put themselves in
a team (a team sees its children)."""

from __future__ import annotations

import pytest

from safetymap.accounts import services
from safetymap.accounts.forms import TeamForm
from safetymap.accounts.models import Team
from safetymap.accounts.roles import Role
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_an_administrator_cannot_give_themselves_a_role(client):
    admin = UserFactory(roles=[Role.SYSTEM_ADMINISTRATOR])
    client.force_login(admin)
    response = client.post(
        f"/users/{admin.pk}/",
        {
            "revision": admin.revision,
            "full_name": admin.full_name,
            "email": admin.email,
            "organisation": admin.organisation.pk,
            "roles": [Role.SYSTEM_ADMINISTRATOR, Role.PRIVACY_OFFICER],
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    assert "You cannot give yourself a role" in response.content.decode()
    admin.refresh_from_db()
    admin._roles_cache = None
    assert admin.roles == {Role.SYSTEM_ADMINISTRATOR}


def test_an_administrator_cannot_put_themselves_in_a_team():
    admin = UserFactory(roles=[Role.SYSTEM_ADMINISTRATOR, Role.SOCIAL_WORKER])
    data = {
        "organisation": OrganisationFactory().pk,
        "name": "Fictional Assessment Team",
        "members": [admin.pk],
        "is_active": "on",
    }
    assert "members" in TeamForm(data=data, by=admin).errors  # not offered
    form = TeamForm(data=data)
    assert form.is_valid(), form.errors
    with pytest.raises(services.AccountChangeRefused, match="cannot put yourself in a team"):
        services.save_team(by=admin, form=form, changes={})
    assert not Team.objects.exists()
