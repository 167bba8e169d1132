"""R1: a contact's decision falls due 1 working day after it is received, at the same time of
day; the front door is reminded 2 hours before, once; a later decision is flagged."""

from __future__ import annotations

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from safetymap.accounts.roles import Role
from safetymap.cases import services, timescales
from safetymap.cases.codes import ContactDecision
from safetymap.cases.errors import PathwayRefused
from safetymap.cases.selectors import CONTACTS_PER_PAGE, contact_queue
from safetymap.cases.tasks import remind_front_door_of_decisions_due
from safetymap.cases.work import contacts_to_decide
from tests.factories import AllocationFactory, ChildFactory, ContactFactory, UserFactory
from tests.queries import assert_queries_do_not_grow

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def london(*args: int) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=LONDON)


@pytest.fixture
def clock(monkeypatch):
    """A frozen clock: ``clock.set(moment)`` is what ``timezone.now()`` gives from then on."""

    class Clock:
        moment = timezone.now()

        def set(self, moment: datetime.datetime) -> None:
            self.moment = moment

    frozen = Clock()
    monkeypatch.setattr(timezone, "now", lambda: frozen.moment)
    return frozen


def test_r1_the_decision_is_due_at_the_same_time_one_working_day_later():
    assert timescales.contact_decision_due_at(london(2026, 11, 24, 10, 15)) == london(
        2026, 11, 25, 10, 15
    )


def test_r1_a_friday_afternoon_contact_is_due_on_monday_afternoon():
    friday = london(2026, 11, 20, 16, 30)
    assert timescales.contact_decision_due_at(friday) == london(2026, 11, 23, 16, 30)


def test_r1_a_saturday_contact_is_due_on_monday_at_the_same_time():
    assert timescales.contact_decision_due_at(london(2026, 11, 21, 9, 0)) == london(
        2026, 11, 23, 9, 0
    )


def test_r1_the_due_time_skips_a_bank_holiday_weekend():
    # Friday 1 May 2026, then the early May bank holiday on Monday 4 May.
    assert timescales.contact_decision_due_at(london(2026, 5, 1, 11, 0)) == london(
        2026, 5, 5, 11, 0
    )
    # Christmas Eve 2026 (Thursday): Christmas Day and Boxing Day (observed on Monday 28).
    assert timescales.contact_decision_due_at(london(2026, 12, 24, 14, 0)) == london(
        2026, 12, 29, 14, 0
    )


def test_r1_the_due_time_is_london_time_across_the_clocks_changing():
    # Friday 23 October 2026, 9am BST: the clocks go back on Sunday; due Monday 9am GMT.
    due = timescales.contact_decision_due_at(london(2026, 10, 23, 9, 0))
    assert due == london(2026, 10, 26, 9, 0)
    assert due.astimezone(datetime.UTC).hour == 9


def test_r1_recording_a_contact_stores_the_due_time(clock):
    clock.set(london(2026, 11, 20, 17, 0))
    allocation = AllocationFactory()
    contact = services.record_contact(
        by=allocation.worker,
        children=[allocation.episode.child],
        received_at=london(2026, 11, 20, 16, 30),
        channel="PHONE",
        referrer_name="Fictional Teacher",
        worried_about="Bruise seen",
        consent="OBTAINED",
    )
    assert contact.decision_due_at == london(2026, 11, 23, 16, 30)


def test_r1_a_decision_after_the_due_time_is_flagged_and_needs_its_reason(clock):
    front_door = UserFactory(roles=[Role.FRONT_DOOR_PRACTITIONER])
    contact = ContactFactory(received_at=london(2026, 11, 24, 10, 0))
    clock.set(london(2026, 11, 25, 10, 1))  # a minute late
    with pytest.raises(PathwayRefused, match="Say why it is late") as refused:
        services.decide_contact(
            by=front_door, contact=contact, decision=ContactDecision.ADVICE, rationale="Advice"
        )
    assert refused.value.problems[0][1] == "late_reason"
    contact.refresh_from_db()
    assert contact.decision == "" and not contact.decision_late
    services.decide_contact(
        by=front_door,
        contact=contact,
        decision=ContactDecision.ADVICE,
        rationale="Advice",
        late_reason="Waiting for the police check",
    )
    contact.refresh_from_db()
    assert contact.decision_late and contact.late_reason == "Waiting for the police check"


def test_r1_a_decision_in_time_is_not_flagged(clock):
    front_door = UserFactory(roles=[Role.FRONT_DOOR_PRACTITIONER])
    contact = ContactFactory(received_at=london(2026, 11, 24, 10, 0))
    clock.set(london(2026, 11, 25, 9, 59))
    services.decide_contact(
        by=front_door, contact=contact, decision=ContactDecision.ADVICE, rationale="Advice"
    )
    contact.refresh_from_db()
    assert not contact.decision_late


def test_r1_the_reminder_goes_once_two_hours_before_and_not_earlier(clock, mailoutbox):
    front_door = UserFactory(roles=[Role.FRONT_DOOR_PRACTITIONER])
    social_worker = UserFactory(roles=[Role.SOCIAL_WORKER])
    child = ChildFactory()
    contact = ContactFactory(
        received_at=london(2026, 11, 24, 10, 0), children=[child], recorded_by=front_door
    )
    clock.set(london(2026, 11, 25, 7, 59))  # 2 hours and a minute before
    assert remind_front_door_of_decisions_due.call() == 0
    assert mailoutbox == []
    clock.set(london(2026, 11, 25, 8, 0))  # exactly 2 hours before
    assert remind_front_door_of_decisions_due.call() == 1
    assert [message.to for message in mailoutbox] == [[front_door.email]]
    assert social_worker.email not in str([message.to for message in mailoutbox])
    body = mailoutbox[0].body
    assert f"Contact {contact.pk}" in body and "25 November 2026 at 10:00am" in body
    assert child.first_name not in body and child.last_name not in body
    clock.set(london(2026, 11, 25, 9, 0))
    assert remind_front_door_of_decisions_due.call() == 0  # never twice
    call_command("remind_contact_decisions")
    assert len(mailoutbox) == 1


def test_r1_no_reminder_for_a_contact_already_decided(clock, mailoutbox):
    UserFactory(roles=[Role.FRONT_DOOR_PRACTITIONER])
    ContactFactory(
        received_at=london(2026, 11, 24, 10, 0),
        decision=ContactDecision.ADVICE,
        decision_at=london(2026, 11, 24, 11, 0),
    )
    clock.set(london(2026, 11, 25, 9, 0))
    assert remind_front_door_of_decisions_due.call() == 0 and mailoutbox == []


def test_r1_the_front_door_list_is_ordered_by_due_time_and_marks_soon_and_overdue(clock):
    front_door = UserFactory(roles=[Role.FRONT_DOOR_PRACTITIONER])
    later = ContactFactory(received_at=london(2026, 11, 24, 15, 0))
    overdue = ContactFactory(received_at=london(2026, 11, 23, 9, 0))
    soon = ContactFactory(received_at=london(2026, 11, 24, 11, 0))
    clock.set(london(2026, 11, 25, 10, 0))
    queue = contact_queue(front_door)
    assert [w.contact for w in queue.contacts] == [overdue, soon, later]
    marks = {w.contact: (w.overdue, w.due_soon) for w in queue.contacts}
    assert marks == {overdue: (True, False), soon: (False, True), later: (False, False)}


def test_r1_the_list_is_paged(clock):
    front_door = UserFactory(roles=[Role.FRONT_DOOR_PRACTITIONER])
    start = london(2026, 11, 2, 9, 0)
    for minutes in range(CONTACTS_PER_PAGE + 3):
        ContactFactory(received_at=start + datetime.timedelta(minutes=minutes))
    clock.set(london(2026, 11, 3, 8, 0))
    first = contact_queue(front_door)
    second = contact_queue(front_door, first.page.next_cursor)
    assert len(first.contacts) == CONTACTS_PER_PAGE and len(second.contacts) == 3
    assert first.contacts[-1].contact.decision_due_at < second.contacts[0].contact.decision_due_at
    assert second.page.next_cursor is None and second.total == CONTACTS_PER_PAGE + 3
    assert contact_queue(front_door, "not a cursor").page.is_first


def test_r1_a_social_worker_sees_only_contacts_about_children_they_can_see():
    allocation = AllocationFactory()
    mine = ContactFactory(children=[allocation.episode.child])
    ContactFactory()  # about a child they have no relationship with
    front_door = UserFactory(roles=[Role.FRONT_DOOR_PRACTITIONER])
    assert [w.contact for w in contact_queue(allocation.worker).contacts] == [mine]
    assert len(contact_queue(front_door).contacts) == 2
    assert [item.url for item in contacts_to_decide(allocation.worker)] == [f"/contacts/{mine.pk}/"]
    assert len(contacts_to_decide(front_door)) == 2


def test_r1_my_work_lists_the_front_doors_contacts_by_due_time():
    from safetymap.cases.work import work_due

    front_door = UserFactory(roles=[Role.FRONT_DOOR_PRACTITIONER])
    ContactFactory()
    items = [item for item in work_due(front_door) if item.label == "Decide on the contact"]
    assert len(items) == 1


def test_r1_the_contacts_page_shows_due_times_and_its_queries_do_not_grow(client: Client):
    front_door = UserFactory(roles=[Role.FRONT_DOOR_PRACTITIONER])
    client.force_login(front_door)
    ContactFactory()

    def page():
        response = client.get("/contacts/")
        assert response.status_code == 200
        return response

    assert_queries_do_not_grow(page, lambda: [ContactFactory() for _ in range(5)])
    assert "Decision due" in page().content.decode()


def test_r1_the_contacts_page_stays_small_with_300_waiting_and_keeps_its_filters_across_pages(
    client: Client, clock
):
    front_door = UserFactory(roles=[Role.FRONT_DOOR_PRACTITIONER])
    client.force_login(front_door)
    start = london(2026, 11, 2, 9, 0)
    clock.set(london(2026, 11, 4, 9, 0))

    def waiting(count: int, **fields) -> None:
        child = ChildFactory()
        for n in range(count):
            ContactFactory(
                received_at=start + datetime.timedelta(minutes=n), children=[child], **fields
            )

    def page():
        response = client.get("/contacts/")
        assert response.status_code == 200
        return response

    waiting(3)
    assert_queries_do_not_grow(page, lambda: waiting(300))
    assert len(page().content) < 100_000
    waiting(40, immediate_risk=True)
    html = client.get("/contacts/", {"filter": "1", "only": "immediate_risk"}).content.decode()
    assert "40 contacts waiting for these filters" in html
    later = re.search(r'href="([^"]*)" rel="next"', html).group(1).replace("&amp;", "&")
    assert "only=immediate_risk" in later
    html = client.get("/contacts/" + later).content.decode()
    assert html.count("May be at immediate risk") == 40 - CONTACTS_PER_PAGE
    assert client.get("/contacts/", {"cursor": "<not one>"}).status_code == 200


def test_r1_the_contact_page_shows_the_due_time_in_uk_time(client: Client, clock):
    front_door = UserFactory(roles=[Role.FRONT_DOOR_PRACTITIONER])
    contact = ContactFactory(received_at=london(2026, 7, 3, 16, 30))  # summer time
    clock.set(london(2026, 7, 6, 17, 0))
    client.force_login(front_door)
    html = client.get(f"/contacts/{contact.pk}/").content.decode()
    assert "6 July 2026 at 4:30pm" in html and "Overdue" in html


def test_a_contact_about_a_restricted_sibling_is_not_listed_for_people_not_on_its_list():
    """Issue 15, finding 2: a contact about two children names both; the team that sees one must
    not read the other's name in its list, nor the front door a child restricted from it."""
    from safetymap.access.models import RestrictedRecord

    worker = UserFactory(roles=[Role.SOCIAL_WORKER])
    front_door = UserFactory(roles=[Role.FRONT_DOOR_PRACTITIONER])
    seen = AllocationFactory(worker=worker).episode.child
    brother = ChildFactory(first_name="Tobi", last_name="Fictional-Restricted")
    contact = ContactFactory(children=[seen, brother])
    restriction = RestrictedRecord.objects.create(
        child=brother, reason="ADOPTION", restricted_by=UserFactory(roles=[Role.TEAM_MANAGER])
    )
    restriction.people.add(UserFactory(roles=[Role.SOCIAL_WORKER]))
    for person in (worker, front_door):
        listed = [waiting.contact for waiting in contact_queue(person).contacts]
        assert contact not in listed
        assert f"/contacts/{contact.pk}/" not in [item.url for item in contacts_to_decide(person)]
