from __future__ import annotations

import pytest
from django.test import Client

from safetymap.accounts.models import User
from safetymap.accounts.roles import Role
from tests.factories import UserFactory


@pytest.fixture
def user_with_role(db):
    """``user_with_role(Role.SOCIAL_WORKER)`` makes a fictional person holding that role."""

    def make(*roles: Role, **fields) -> User:
        return UserFactory(roles=list(roles), **fields)

    return make


@pytest.fixture
def signed_in(client: Client, user_with_role):
    """``signed_in(Role.TEAM_MANAGER)`` returns a test client signed in as someone in that role."""

    def sign_in(*roles: Role, **fields) -> Client:
        client.force_login(user_with_role(*roles, **fields))
        return client

    return sign_in
