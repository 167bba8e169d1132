"""Changes to organisations, teams and user accounts: one transaction each, audited."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from safetymap.access.policy import Capability, require, require_case_holder
from safetymap.accounts import links
from safetymap.accounts.models import IdentityProviderDevice, Organisation, SetUpLink, Team, User
from safetymap.accounts.role_groups import groups_for
from safetymap.accounts.roles import Role
from safetymap.accounts.sessions import end_sessions
from safetymap.audit.models import Action
from safetymap.audit.services import record
from safetymap.core import revisions


class AccountChangeRefused(Exception):
    """A change to an account that the rules do not allow; the message says why."""


@transaction.atomic
def save_organisation(
    *, by: User, organisation: Organisation, changes: dict[str, dict[str, str]]
) -> Organisation:
    """Add or change an organisation; ``changes`` (audit.changes.form_changes) go in the trail."""
    require(by, Capability.MANAGE_REFERENCE_DATA)
    creating = organisation.pk is None
    revisions.save_only(organisation, changes)
    record(
        actor=by,
        action=Action.CREATE if creating else Action.UPDATE,
        subject=organisation,
        basis="system administrator",
        details=changes,
    )
    return organisation


@transaction.atomic
def save_team(*, by: User, form: forms.ModelForm, changes: dict[str, dict[str, str]]) -> Team:
    """Add or change a team, its members and its managers (which changes who sees the team's
    children: access.policy); ``changes`` go in the trail."""
    require(by, Capability.MANAGE_REFERENCE_DATA)
    people = [form.cleaned_data.get("manager"), form.cleaned_data.get("service_manager")]
    people = [p for p in [*people, *form.cleaned_data.get("members", [])] if p is not None]
    if any(person.pk == by.pk for person in people):
        # A team gives sight of its children: nobody gives it to themselves.
        raise AccountChangeRefused(
            "You cannot put yourself in a team. Ask another system administrator to do it."
        )
    for person in people:
        # A team gives sight of its children (access.policy): the one case-holder rule.
        require_case_holder(person)
    creating = form.instance.pk is None
    team = form.save(commit=False)
    revisions.save_only(team, form.changed_data)
    form.save_m2m()
    record(
        actor=by,
        action=Action.CREATE if creating else Action.UPDATE,
        subject=team,
        basis="system administrator",
        details=changes,
    )
    return team


@transaction.atomic
def save_user_account(
    *, by: User, account: User, roles: list[Role], changes: dict[str, dict[str, str]]
) -> User:
    """Add or change an account and its roles; a new account has no password until the person
    sets one."""
    require(by, Capability.MANAGE_REFERENCE_DATA)
    if account.pk == by.pk and (not account.is_active or Role.SYSTEM_ADMINISTRATOR not in roles):
        # Otherwise the last administrator could lock everyone out of reference data.
        raise AccountChangeRefused(
            "You cannot close your own account or remove your own System administrator role. "
            "Ask another system administrator to do it."
        )
    if account.pk == by.pk and set(roles) - set(account.roles):
        # A role grants capabilities (access.policy): nobody gives themselves one.
        raise AccountChangeRefused(
            "You cannot give yourself a role. Ask another system administrator to do it."
        )
    creating = account.pk is None
    closing = (
        not creating
        and not account.is_active
        and User.objects.filter(pk=account.pk, is_active=True).exists()
    )
    if creating:
        # Nobody, administrator included, chooses another person's password: the person sets
        # their own with the 'Set or reset your password' link on the sign-in page.
        account.set_unusable_password()
    revisions.save_only(account, changes)
    account.groups.set(groups_for(roles))
    account._roles_cache = None
    if closing:
        # A closed account is refused at its next request anyway (Django checks is_active);
        # its sessions are ended here too, so nothing of it lingers on the server.
        changes = {**changes, "sessions_ended": end_sessions(account)}
    record(
        actor=by,
        action=Action.CREATE if creating else Action.UPDATE,
        subject=account,
        basis="system administrator",
        details=changes,
    )
    return account


@transaction.atomic
def set_own_password(account: User, password: str) -> User:
    """The person, through the emailed link, sets their password (validated by the form)."""
    account.set_password(password)
    account.save(update_fields=["password"])
    record(actor=account, action=Action.PASSWORD_SET, subject=account, basis="own account")
    return account


@transaction.atomic
def reset_second_step(*, by: User, account: User) -> None:
    """A person has lost their phone and their backup codes: remove their authenticator app and
    codes, so that their next sign-in sets the second step up again (after the administrator has
    checked who they are, outside the system). Their open sessions end too."""
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    require(by, Capability.MANAGE_REFERENCE_DATA)
    TOTPDevice.objects.filter(user=account).delete()
    StaticDevice.objects.filter(user=account).delete()
    IdentityProviderDevice.objects.filter(user=account).delete()
    ended = end_sessions(account)
    record(
        actor=by,
        action=Action.UPDATE,
        subject=account,
        basis="system administrator",
        details={"second_step": "reset", "sessions_ended": ended},
    )


@dataclass(frozen=True)
class IssuedSetUpLink:
    """A set-up link just issued: its address, shown once (only its hash is kept)."""

    url: str
    expires_at: datetime.datetime
    lasts: str


@transaction.atomic
def issue_set_up_link(
    *, by: User | None, account: User, issued_from: str = "system administrator"
) -> IssuedSetUpLink:
    """Issue a single-use link with which the person sets up their authenticator app (a new
    account, or one whose codes were reset), after the administrator has checked who they are.
    A new link replaces any unused one. ``by`` is None only for manage.py issue_set_up_link,
    for the first administrator, run on the server itself."""
    from safetymap.accounts.second_step import has_second_step

    if by is not None:
        require(by, Capability.MANAGE_REFERENCE_DATA)
    if not account.is_active:
        raise AccountChangeRefused(
            f"{account.full_name}'s account is closed. Open it again before issuing a set-up link."
        )
    if has_second_step(account):
        raise AccountChangeRefused(
            f"{account.full_name} already has security codes set up, so a set-up link would not "
            "work. If they have lost their phone and their backup codes, reset their security "
            "codes first."
        )
    token = links.new_token()
    hours = settings.SAFETYMAP_SET_UP_LINK_HOURS
    expires_at = timezone.now() + datetime.timedelta(hours=hours)
    replaced = SetUpLink.objects.filter(user=account, used_at__isnull=True).delete()[0]
    link = SetUpLink.objects.create(
        user=account, token_hash=links.hash_of(token), issued_by=by, expires_at=expires_at
    )
    record(
        actor=by,
        actor_label="" if by is not None else issued_from,
        action=Action.UPDATE,
        subject=account,
        basis=issued_from,
        details={
            "second_step": "set-up link issued",
            "set_up_link": link.pk,
            "expires_at": expires_at.isoformat(),
            "unused_links_replaced": replaced,
        },
    )
    return IssuedSetUpLink(
        url=links.absolute(reverse("accounts:set-up-link", args=[token])),
        expires_at=expires_at,
        lasts=links.lasts(hours * 60 * 60),
    )


@transaction.atomic
def sign_out_elsewhere(person: User, current_session_key: str | None) -> int:
    """'Sign out of all other devices': end every other session of the person's own."""
    ended = end_sessions(person, keep=current_session_key)
    record(
        actor=person,
        action=Action.SIGN_OUT,
        subject=person,
        basis="own account",
        details={"other_sessions_ended": ended},
    )
    return ended
