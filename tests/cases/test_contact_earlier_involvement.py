"""The contact page as the front door uses it: for each child, their earlier involvement
(episodes open and closed, contacts and referrals in the 12 months before), each linked only
when the reader may open it, a re-referral marked (the outcome measure "re-referrals within 12
months", domain.md §10), all through the access policy, audited, in a fixed number of queries."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from safetymap.access.models import AccessGrant, GrantBasis, RestrictedRecord
from safetymap.accounts.roles import Role
from safetymap.audit.models import Action, AuditEvent
from safetymap.cases import timescales
from safetymap.cases.codes import ClosureReason, ContactDecision
from safetymap.cases.selectors import EARLIER_INVOLVEMENT_PAGE, EARLIER_SHOWN
from tests.factories import (
    AllocationFactory,
    ChildFactory,
    ContactFactory,
    EpisodeFactory,
    UserFactory,
)
from tests.queries import assert_queries_do_not_grow

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
NOW = datetime.datetime(2026, 12, 2, 10, 0, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    return NOW


def london(*args: int) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=LONDON)


@pytest.fixture
def kacper():
    """A child with a closed case from last spring, an earlier contact, and an old episode; now
    open again, allocated to a social worker, and the subject of a new contact."""
    allocation = AllocationFactory(
        episode__child__first_name="Kacper",
        episode__referral_date=datetime.date(2026, 11, 20),
        started_on=datetime.date(2026, 11, 21),
    )
    child = allocation.episode.child
    closed = EpisodeFactory(
        child=child,
        referral_date=datetime.date(2026, 3, 2),
        closure_date=datetime.date(2026, 6, 1),
        closure_reason=ClosureReason.RC8,
    )
    old = EpisodeFactory(
        child=child,
        referral_date=datetime.date(2023, 1, 9),
        closure_date=datetime.date(2023, 5, 1),
        closure_reason=ClosureReason.RC7,
    )
    earlier = ContactFactory(
        children=[child],
        received_at=london(2026, 2, 20, 11, 0),
        decision=ContactDecision.NO_FURTHER_ACTION,
    )
    too_old = ContactFactory(children=[child], received_at=london(2025, 11, 1, 9, 0))
    contact = ContactFactory(children=[child], received_at=london(2026, 12, 1, 9, 30))
    return {
        "child": child,
        "worker": allocation.worker,
        "open": allocation.episode,
        "closed": closed,
        "old": old,
        "earlier": earlier,
        "too_old": too_old,
        "contact": contact,
    }


def test_re_referral_is_a_referral_in_the_12_months_before_the_contact():
    received = datetime.date(2026, 12, 1)
    assert timescales.earlier_involvement_from(received) == datetime.date(2025, 12, 1)
    assert timescales.is_re_referral(received, [datetime.date(2025, 12, 1)])
    assert not timescales.is_re_referral(received, [datetime.date(2025, 11, 30)])
    assert not timescales.is_re_referral(received, [])
    # 29 February a year on is the end of February.
    assert timescales.earlier_involvement_from(datetime.date(2028, 2, 29)) == datetime.date(
        2027, 2, 28
    )


def test_the_contact_page_shows_each_childs_episodes_and_contacts_with_links(client, kacper):
    client.force_login(kacper["worker"])
    page = client.get(f"/contacts/{kacper['contact'].pk}/").content.decode()
    child = kacper["child"]
    assert f'href="/children/{child.pk}/"' in page  # the child's record
    for episode in ("open", "closed", "old"):  # open and closed cases, however old
        assert f'href="/episodes/{kacper[episode].pk}/"' in page
    assert "closed 1 June 2026" in page
    assert f'href="/contacts/{kacper["earlier"].pk}/"' in page
    assert f'href="/contacts/{kacper["too_old"].pk}/"' not in page  # more than 12 months before
    assert page.count(f'href="/contacts/{kacper["contact"].pk}/"') == 0  # not itself


def test_re_referral_within_12_months_is_marked(client, kacper):
    client.force_login(kacper["worker"])
    page = client.get(f"/contacts/{kacper['contact'].pk}/").content.decode()
    assert "Re-referral: Kacper was referred on 20 November 2026" in page


def test_no_re_referral_marker_without_a_referral_in_the_12_months_before(client):
    allocation = AllocationFactory(episode__referral_date=datetime.date(2026, 12, 1))
    child = allocation.episode.child
    EpisodeFactory(
        child=child,
        referral_date=datetime.date(2025, 6, 2),
        closure_date=datetime.date(2025, 9, 1),
        closure_reason=ClosureReason.RC8,
    )
    contact = ContactFactory(children=[child], received_at=london(2026, 12, 1, 9, 0))
    # The open episode came from this very contact: it is not an earlier referral.
    allocation.episode.contact = contact
    allocation.episode.save()
    client.force_login(allocation.worker)
    page = client.get(f"/contacts/{contact.pk}/").content.decode()
    assert "Re-referral" not in page
    assert "closed 1 September 2025" in page
    assert f'href="/episodes/{allocation.episode.pk}/"' not in page


def test_reading_the_earlier_involvement_is_audited(client, kacper):
    client.force_login(kacper["worker"])
    client.get(f"/contacts/{kacper['contact'].pk}/")
    event = AuditEvent.objects.get(
        action=Action.VIEW, details__page=EARLIER_INVOLVEMENT_PAGE, actor=kacper["worker"]
    )
    assert event.child_id == kacper["child"].pk and event.basis == "allocated worker"


def test_an_earlier_contact_about_a_child_the_reader_cannot_see_is_listed_without_a_link(
    client, kacper
):
    stranger = ChildFactory()
    shared = ContactFactory(
        children=[kacper["child"], stranger],
        received_at=london(2026, 8, 3, 9, 0),
        decision=ContactDecision.NO_FURTHER_ACTION,
    )
    client.force_login(kacper["worker"])
    page = client.get(f"/contacts/{kacper['contact'].pk}/").content.decode()
    assert "3 August 2026" in page
    assert f'href="/contacts/{shared.pk}/"' not in page
    assert stranger.full_name not in page


def test_the_front_door_without_sight_of_the_record_sees_no_history_only_how_to_open_it(
    client, kacper
):
    front_door = UserFactory(roles=[Role.FRONT_DOOR_PRACTITIONER])
    client.force_login(front_door)
    page = client.get(f"/contacts/{kacper['contact'].pk}/")
    assert page.status_code == 200  # the contact waits for its decision: the front door's work
    html = page.content.decode()
    assert "/episodes/" not in html and "Re-referral" not in html and "1 June 2026" not in html
    assert "Open the record as a front door enquiry" in html
    assert not AuditEvent.objects.filter(details__page=EARLIER_INVOLVEMENT_PAGE).exists()


def test_the_front_door_with_a_live_enquiry_sees_the_history(client, kacper):
    front_door = UserFactory(roles=[Role.FRONT_DOOR_PRACTITIONER])
    AccessGrant.objects.create(
        user=front_door,
        child=kacper["child"],
        basis=GrantBasis.FRONT_DOOR_ENQUIRY,
        reason="Contact from school today",
        starts_at=NOW - datetime.timedelta(hours=1),
        expires_at=NOW + datetime.timedelta(hours=2),
    )
    client.force_login(front_door)
    html = client.get(f"/contacts/{kacper['contact'].pk}/").content.decode()
    assert f'href="/episodes/{kacper["closed"].pk}/"' in html and "Re-referral" in html


@pytest.mark.parametrize("role", [Role.PARTNER_PRACTITIONER, Role.SOCIAL_WORKER])
def test_someone_with_no_relationship_never_sees_a_childs_history_through_a_contact(
    client, kacper, role
):
    """A partner, or a social worker who is not working with the child, gets 'not found' for
    the contact, exactly as for one that does not exist, and nothing is shown."""
    client.force_login(UserFactory(roles=[role]))
    for contact in (kacper["contact"], kacper["earlier"]):
        response = client.get(f"/contacts/{contact.pk}/")
        assert response.status_code == 404
        assert kacper["child"].full_name not in response.content.decode()


def test_a_worker_who_sees_one_child_of_a_contact_about_two_never_sees_the_others_history(
    client, kacper
):
    brother = AllocationFactory(episode__child__first_name="Hidden").episode.child
    EpisodeFactory(child=brother, referral_date=datetime.date(2026, 5, 5))
    both = ContactFactory(children=[kacper["child"], brother], received_at=london(2026, 12, 1, 9))
    client.force_login(kacper["worker"])
    response = client.get(f"/contacts/{both.pk}/")
    assert response.status_code == 404  # a contact is read whole or not at all (open_contact)
    assert "5 May 2026" not in response.content.decode()


def test_a_restricted_record_shows_no_history_to_someone_not_on_its_list(client, kacper):
    RestrictedRecord.objects.create(
        child=kacper["child"], reason="OTHER", restricted_by=UserFactory()
    )
    client.force_login(kacper["worker"])
    assert client.get(f"/contacts/{kacper['contact'].pk}/").status_code == 404


def test_the_contact_pages_queries_do_not_grow_with_the_childs_history(client, kacper):
    client.force_login(kacper["worker"])
    url = f"/contacts/{kacper['contact'].pk}/"
    child = kacper["child"]

    def grow() -> None:
        for n in range(EARLIER_SHOWN + 5):
            EpisodeFactory(
                child=child,
                referral_date=datetime.date(2020, 1, 1) + datetime.timedelta(days=30 * n),
                closure_date=datetime.date(2020, 1, 2) + datetime.timedelta(days=30 * n),
                closure_reason=ClosureReason.RC7,
            )
            ContactFactory(
                children=[child, ChildFactory()],
                received_at=london(2026, 3, 1, 9) + datetime.timedelta(days=n),
            )

    assert_queries_do_not_grow(lambda: client.get(url), grow)
    page = client.get(url).content.decode()
    assert "And 8 earlier" in page and "And 6 more" in page  # bounded, the rest counted
