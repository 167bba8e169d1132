"""Changes to organisations and user accounts: one transaction each, audited."""

from __future__ import annotations

from django.db import transaction

from safetymap.access.policy import Capability, require
from safetymap.accounts.models import Organisation, User
from safetymap.accounts.role_groups import groups_for
from safetymap.accounts.roles import Role
from safetymap.audit.models import Action
from safetymap.audit.services import record


def _changed_fields(instance, fields: list[str]) -> dict[str, object]:
    return {name: str(getattr(instance, name)) for name in fields}


@transaction.atomic
def save_organisation(*, by: User, organisation: Organisation, fields: list[str]) -> Organisation:
    require(by, Capability.MANAGE_REFERENCE_DATA)
    creating = organisation.pk is None
    organisation.save()
    record(
        actor=by,
        action=Action.CREATE if creating else Action.UPDATE,
        subject=organisation,
        basis="system administrator",
        details=_changed_fields(organisation, fields),
    )
    return organisation


@transaction.atomic
def save_user_account(*, by: User, account: User, fields: list[str], roles: list[Role]) -> User:
    require(by, Capability.MANAGE_REFERENCE_DATA)
    creating = account.pk is None
    if creating:
        # Nobody, administrator included, chooses another person's password: the person sets
        # their own with the 'Set or reset your password' link on the sign-in page.
        account.set_unusable_password()
    account.save()
    account.groups.set(groups_for(roles))
    account._roles_cache = None
    record(
        actor=by,
        action=Action.CREATE if creating else Action.UPDATE,
        subject=account,
        basis="system administrator",
        details={**_changed_fields(account, fields), "roles": sorted(r.value for r in roles)},
    )
    return account
