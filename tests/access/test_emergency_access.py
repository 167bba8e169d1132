"""Break-glass: a front door practitioner or manager opens a record in an emergency, after their
password and a reason; it lasts two hours, everyone who must know is told, and it is reviewed."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from safetymap.access.models import AccessGrant, EmergencyAccessReview, GrantBasis
from safetymap.access.policy import basis_for
from safetymap.accounts.roles import Role
from safetymap.audit.models import Action, AuditEvent
from tests.factories import PASSWORD, AllocationFactory, UserFactory

pytestmark = pytest.mark.django_db


def open_form(client: Client, child, **overrides):
    data = {
        "la_child_id": child.la_child_id,
        "reason": "Police asked for an urgent check at 2am",
        "password": PASSWORD,
        **overrides,
    }
    return client.post("/emergency-access/", data)


def test_a_manager_opens_a_record_for_two_hours_with_password_and_reason(
    client: Client, mailoutbox, django_capture_on_commit_callbacks
):
    manager = UserFactory(roles=[Role.TEAM_MANAGER])
    officer = UserFactory(roles=[Role.PRIVACY_OFFICER])
    allocation = AllocationFactory()
    child = allocation.episode.child
    client.force_login(manager)
    assert client.get(f"/children/{child.pk}/").status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        response = open_form(client, child)
    assert response.status_code == 302 and response["Location"] == f"/children/{child.pk}/"
    page = client.get(f"/children/{child.pk}/").content.decode()
    assert "You opened the record of" in page and "Emergency access" in page
    grant = AccessGrant.objects.get(user=manager, basis=GrantBasis.EMERGENCY)
    assert grant.expires_at - grant.starts_at == datetime.timedelta(hours=2)
    assert "emergency access" in basis_for(manager, child.pk)
    assert AuditEvent.objects.filter(actor=manager, action=Action.ACCESS_GRANTED).exists()
    told = {address for message in mailoutbox for address in message.to}
    assert told == {officer.email, allocation.worker.email}
    assert child.first_name not in mailoutbox[0].body and child.la_child_id in mailoutbox[0].body


def test_the_access_ends_after_two_hours(client: Client):
    manager = UserFactory(roles=[Role.SERVICE_MANAGER])
    child = AllocationFactory().episode.child
    client.force_login(manager)
    open_form(client, child)
    AccessGrant.objects.filter(user=manager).update(
        starts_at=timezone.now() - datetime.timedelta(hours=3),
        expires_at=timezone.now() - datetime.timedelta(hours=1),
    )
    assert client.get(f"/children/{child.pk}/").status_code == 404


def test_a_wrong_password_or_no_reason_opens_nothing(client: Client):
    manager = UserFactory(roles=[Role.TEAM_MANAGER])
    child = AllocationFactory().episode.child
    client.force_login(manager)
    wrong = open_form(client, child, password="not-my-password").content.decode()
    assert "Your password is not right" in wrong and "There is a problem" in wrong
    empty = open_form(client, child, reason="").content.decode()
    assert "Enter why you need to open this record now" in empty
    assert not AccessGrant.objects.filter(user=manager).exists()


def test_an_unknown_number_and_a_restricted_record_get_the_same_answer(client: Client):
    from safetymap.access.models import RestrictedRecord

    manager = UserFactory(roles=[Role.TEAM_MANAGER])
    child = AllocationFactory().episode.child
    RestrictedRecord.objects.create(
        child=child, reason="ADOPTION", restricted_by=UserFactory()
    ).people.add(UserFactory())
    client.force_login(manager)
    restricted = open_form(client, child).content.decode()
    unknown = open_form(client, child, la_child_id="LRK9999999").content.decode()
    message = "No record you can open in an emergency has that number"
    assert message in restricted and message in unknown
    assert not AccessGrant.objects.filter(user=manager).exists()


def test_social_workers_and_partners_cannot_open_records_in_an_emergency(client: Client):
    for role in (Role.SOCIAL_WORKER, Role.PARTNER_PRACTITIONER, Role.PRIVACY_OFFICER):
        client.force_login(UserFactory(roles=[role]))
        assert client.get("/emergency-access/").status_code == 403


def test_the_privacy_officer_reviews_each_emergency_opening(client: Client):
    manager = UserFactory(roles=[Role.TEAM_MANAGER])
    officer = UserFactory(roles=[Role.PRIVACY_OFFICER])
    child = AllocationFactory().episode.child
    client.force_login(manager)
    open_form(client, child)
    grant = AccessGrant.objects.get(user=manager)
    client.force_login(officer)
    assert (
        "1 emergency opening of a record waiting for your review"
        in client.get("/").content.decode()
    )
    listing = client.get("/access-reports/emergency-access/").content.decode()
    assert "Waiting for review (1)" in listing and child.la_child_id in listing
    review_url = f"/access-reports/emergency-access/{grant.pk}/review/"
    assert "Police asked for an urgent check" in client.get(review_url).content.decode()
    refused = client.post(review_url, {"outcome": "JUSTIFIED", "note": ""}).content.decode()
    assert "Say what you found" in refused
    done = client.post(review_url, {"outcome": "JUSTIFIED", "note": "Police log confirms it"})
    assert done.status_code == 302
    review = EmergencyAccessReview.objects.get(grant=grant)
    assert review.reviewed_by == officer and review.outcome == "JUSTIFIED"
    again = client.post(review_url, {"outcome": "JUSTIFIED", "note": "Twice"}).content.decode()
    assert "already been reviewed" in again
