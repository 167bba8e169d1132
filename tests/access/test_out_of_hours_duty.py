"""Out-of-hours duty (issue 7 §1): a basis for sight recorded on the rota by a manager, never by
the worker. During the shift the worker searches every child and opens one for a stated reason
until the shift ends, as the front door does in the day; before and after it, they cannot. A
restricted record stays closed. Bad rota entries are refused and change nothing."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from safetymap.access import services
from safetymap.access.models import AccessGrant, DutyShift, GrantBasis, RestrictedRecord
from safetymap.access.policy import basis_for, searchable_children, searches_every_child
from safetymap.accounts.roles import Role
from safetymap.audit.models import AuditEvent
from safetymap.cases.selectors import contacts_awaiting_decision
from tests.factories import ChildFactory, ContactFactory, UserFactory
from tests.queries import assert_queries_do_not_grow

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)


def _manager():
    return UserFactory(roles=[Role.TEAM_MANAGER])


def _on_duty(hours_left: int = 8):
    worker = UserFactory(roles=[Role.SOCIAL_WORKER])
    now = timezone.now()
    shift = services.record_duty_shift(
        by=_manager(), worker=worker, starts_at=now - HOUR, ends_at=now + hours_left * HOUR
    )
    return worker, shift


def test_on_shift_the_worker_searches_every_child_and_opens_one_until_the_shift_ends(client):
    worker, shift = _on_duty(hours_left=3)
    child = ChildFactory()
    assert searches_every_child(worker)
    assert child in searchable_children(worker)
    assert basis_for(worker, child.pk) is None
    client.force_login(worker)
    enquiry = reverse("people:front-door-enquiry", kwargs={"pk": child.pk})
    assert client.get(enquiry).status_code == 200
    response = client.post(enquiry, {"reason": "Police called about the child at 2am"})
    assert response.status_code == 302
    grant = AccessGrant.objects.get(user=worker, child=child)
    assert grant.basis == GrantBasis.OUT_OF_HOURS
    assert grant.expires_at == shift.ends_at  # the shift ends before the usual 24 hours
    assert basis_for(worker, child.pk) == f"out-of-hours duty enquiry (grant {grant.pk})"
    opened = AuditEvent.objects.get(actor=worker, action="ACCESS_GRANTED")
    assert opened.basis == "out-of-hours duty enquiry"


def test_off_shift_the_worker_cannot_search_or_open_records(client):
    worker = UserFactory(roles=[Role.SOCIAL_WORKER])
    now = timezone.now()
    services.record_duty_shift(
        by=_manager(), worker=worker, starts_at=now + HOUR, ends_at=now + 9 * HOUR
    )
    child = ChildFactory()
    assert not searches_every_child(worker)
    assert child not in searchable_children(worker)
    client.force_login(worker)
    page = client.get(reverse("people:front-door-enquiry", kwargs={"pk": child.pk}))
    assert page.status_code == 403
    assert "out-of-hours duty worker during their shift" in page.content.decode()
    assert not AccessGrant.objects.exists()


def test_a_restricted_record_stays_closed_to_the_duty_worker(client):
    worker, _ = _on_duty()
    child = ChildFactory()
    RestrictedRecord.objects.create(
        child=child, reason="STAFF", restricted_by=_manager()
    ).people.add(UserFactory())
    assert child not in searchable_children(worker)
    client.force_login(worker)
    enquiry = reverse("people:front-door-enquiry", kwargs={"pk": child.pk})
    assert client.get(enquiry).status_code == 404
    assert client.post(enquiry, {"reason": "Urgent"}).status_code == 404
    assert not AccessGrant.objects.exists()


def test_the_duty_worker_sees_every_contact_awaiting_a_decision():
    worker, shift = _on_duty()
    contact = ContactFactory()
    contact.children.set([ChildFactory()])
    assert contact in contacts_awaiting_decision(worker)
    services.end_duty_shift(by=_manager(), shift=shift)
    assert contact not in contacts_awaiting_decision(worker)


def test_ending_a_shift_early_ends_the_wider_search_and_the_records_opened_on_it(client):
    worker, shift = _on_duty()
    child = ChildFactory()
    client.force_login(worker)
    client.post(reverse("people:front-door-enquiry", kwargs={"pk": child.pk}), {"reason": "Urgent"})
    assert basis_for(worker, child.pk) is not None
    manager = _manager()
    client.force_login(manager)
    end = reverse("access:duty-shift-end", kwargs={"pk": shift.pk})
    assert client.get(end).status_code == 200
    assert client.post(end, {}).status_code == 302
    assert not searches_every_child(worker)
    assert basis_for(worker, child.pk) is None


def test_a_shift_still_to_come_is_taken_off_the_rota():
    worker = UserFactory(roles=[Role.SOCIAL_WORKER])
    now = timezone.now()
    shift = services.record_duty_shift(
        by=_manager(), worker=worker, starts_at=now + HOUR, ends_at=now + 9 * HOUR
    )
    services.end_duty_shift(by=_manager(), shift=shift)
    assert not DutyShift.objects.exists()
    assert AuditEvent.objects.filter(details__taken_off_the_rota="before it started").exists()


def test_bad_rota_entries_are_refused_with_reasons_and_nothing_is_saved(client):
    manager = _manager()
    worker = UserFactory(roles=[Role.SOCIAL_WORKER], full_name="Fictional Duty Worker")
    now = timezone.localtime()
    services.record_duty_shift(by=manager, worker=worker, starts_at=now, ends_at=now + 8 * HOUR)
    client.force_login(manager)

    def post(who, start, end) -> str:
        data = {
            "worker": who.pk,
            "starts_on-day": start.day,
            "starts_on-month": start.month,
            "starts_on-year": start.year,
            "starts_at": start.strftime("%H:%M"),
            "ends_on-day": end.day,
            "ends_on-month": end.month,
            "ends_on-year": end.year,
            "ends_at": end.strftime("%H:%M"),
        }
        response = client.post(reverse("access:duty-shift-add"), data)
        assert response.status_code == 200
        return response.content.decode()

    tomorrow = now + datetime.timedelta(days=1)
    assert "The shift must end after it starts" in post(worker, tomorrow, tomorrow - HOUR)
    assert "24 hours at most" in post(worker, tomorrow, tomorrow + 30 * HOUR)
    assert "already ended" in post(worker, now - 10 * HOUR, now - 2 * HOUR)
    assert "already on the rota" in post(worker, now + HOUR, now + 5 * HOUR)
    partner = UserFactory(roles=[Role.PARTNER_PRACTITIONER])
    assert "Choose a social worker, front door practitioner or manager" in post(
        partner, tomorrow, tomorrow + HOUR
    )
    assert DutyShift.objects.count() == 1


def test_the_rota_page_queries_do_not_grow(client):
    manager = _manager()
    client.force_login(manager)
    _on_duty()

    def grow() -> None:
        for _ in range(5):
            _on_duty()

    page = assert_queries_do_not_grow(lambda: client.get(reverse("access:duty-rota")), grow)
    assert page > 0


# --- Nobody rosters themselves (issue 15, finding 4) ------------------------------------------


def test_a_manager_cannot_put_themselves_on_the_rota_and_is_not_offered(client):
    manager = _manager()
    now = timezone.now()
    with pytest.raises(services.RotaRefused) as refusal:
        services.record_duty_shift(
            by=manager, worker=manager, starts_at=now - HOUR, ends_at=now + 8 * HOUR
        )
    assert (services.NOT_YOURSELF, "worker") in refusal.value.problems
    assert not DutyShift.objects.exists()
    assert not searches_every_child(manager)
    from safetymap.access.forms import DutyShiftForm

    assert not DutyShiftForm(by=manager).fields["worker"].queryset.filter(pk=manager.pk).exists()
    client.force_login(manager)
    page = client.get(reverse("access:duty-shift-add")).content.decode()
    assert f'value="{manager.pk}"' not in page


def test_a_shift_recorded_by_its_own_worker_gives_no_wider_search():
    """Defence in depth: a shift that reached the rota some other way (an import, an old row)
    with its worker as the person who recorded it never opens anything."""
    manager = _manager()
    now = timezone.now()
    DutyShift.objects.create(
        worker=manager, recorded_by=manager, starts_at=now - HOUR, ends_at=now + 8 * HOUR
    )
    child = ChildFactory()
    assert not searches_every_child(manager)
    assert child not in searchable_children(manager)
