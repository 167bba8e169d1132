"""Family members invited without an email address are asked for feedback too: when the record
is distributed, the person distributing sees each one's link once, with how to hand it over;
later, "Feedback links to hand over" makes a new link (the old one stops working), audited.
The link is kept nowhere: not in the session, the database or the audit trail."""

from __future__ import annotations

import re

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from safetymap.audit.models import AuditEvent
from safetymap.conferences import services
from safetymap.feedback import links
from safetymap.feedback.models import Invitation
from tests.conferences import journey
from tests.conferences.conftest import Family, make_family

pytestmark = pytest.mark.django_db

LINK = re.compile(r"http://[^\s<\"]*/feedback/([A-Za-z0-9_-]{43})/")


@pytest.fixture
def family(db) -> Family:
    return make_family()


@pytest.fixture
def approved(family):
    conference = journey.recorded(family)
    conference.invitations.filter(name="Fictional Mum").update(email="")
    services.send_record_to_chair(by=family.worker, conference=conference)
    services.approve_record(by=family.chair, conference=conference)
    return conference


@pytest.fixture
def at_commit(monkeypatch):
    """What follows a commit runs at once, inside the request, as it does when the distribution
    really commits (the test's own transaction would otherwise hold it until the test ends)."""
    from django.db import transaction

    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())


def _distribute(client, person, conference, _at_commit) -> str:
    client.force_login(person)
    response = client.post(reverse("conferences:distribute", kwargs={"pk": conference.pk}))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    return response.content.decode()


def _nowhere_stored(token: str) -> None:
    assert not AuditEvent.objects.filter(details__icontains=token).exists()
    assert all(token not in str(s.get_decoded()) for s in Session.objects.all())
    assert not Invitation.objects.filter(token_hash=token).exists()


def test_the_link_is_shown_once_to_the_person_distributing_and_opens_mums_form(
    client, family, approved, at_commit, mailoutbox
):
    page = _distribute(client, family.chair, approved, at_commit)
    assert "The record is distributed" in page
    assert "Fictional Mum" in page and "Give it only to the person it is for" in page
    [token] = LINK.findall(page)
    mum = Invitation.objects.get(name="Fictional Mum")
    assert mum.token_hash == links.hash_of(token) and mum.email == ""
    _nowhere_stored(token)
    form = Client().get(f"/feedback/{token}/")
    assert form.status_code == 200 and "Tell us what you thought" in form.content.decode()
    # The professionals are emailed; no email names the family or the children.
    assert sorted(m.to[0] for m in mailoutbox) == sorted([family.school.email, family.health.email])
    for message in mailoutbox:
        for word in ("Fictional Mum", "Amy", "Ben", approved.episode.child.la_child_id):
            assert word not in message.body
    # Later, the page lists Mum but cannot show the link again.
    later = client.get(reverse("feedback:hand-over", kwargs={"pk": approved.pk})).content.decode()
    assert "Fictional Mum" in later and token not in later and "Make a new link" in later


def test_the_conference_page_leads_to_the_links_after_distribution(
    client, family, approved, at_commit
):
    _distribute(client, family.worker, approved, at_commit)
    page = client.get(reverse("conferences:conference", kwargs={"pk": approved.pk}))
    assert reverse("feedback:hand-over", kwargs={"pk": approved.pk}) in page.content.decode()


def test_a_new_link_replaces_the_lost_one_and_is_audited(client, family, approved, at_commit):
    first = LINK.findall(_distribute(client, family.chair, approved, at_commit))[0]
    client.force_login(family.worker)
    mum = Invitation.objects.get(name="Fictional Mum")
    response = client.post(reverse("feedback:new-link", kwargs={"pk": mum.pk}))
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    page = response.content.decode()
    assert "A new link for Fictional Mum" in page and "The earlier link no longer works" in page
    [second] = LINK.findall(page)
    assert second != first
    assert "This link does not work" in Client().get(f"/feedback/{first}/").content.decode()
    assert Client().get(f"/feedback/{second}/").status_code == 200
    _nowhere_stored(second)
    event = AuditEvent.objects.filter(subject_type="feedback.Invitation").latest("pk")
    assert event.actor == family.worker and event.subject_id == str(mum.pk)
    assert event.child_id == family.amy.pk and "new link" in event.details["link"]


def test_no_new_link_once_they_have_answered(client, family, approved, at_commit):
    _distribute(client, family.chair, approved, at_commit)
    mum = Invitation.objects.get(name="Fictional Mum")
    mum.status = "COMPLETED"
    mum.save()
    response = client.post(reverse("feedback:new-link", kwargs={"pk": mum.pk}), follow=True)
    assert "has already answered" in response.content.decode()
    assert Invitation.objects.get(pk=mum.pk).token_hash == mum.token_hash


def test_only_the_people_running_the_conference_see_the_links(client, family, approved, at_commit):
    _distribute(client, family.chair, approved, at_commit)
    mum = Invitation.objects.get(name="Fictional Mum")
    for outsider in (family.school, family.stranger):  # the school's invitation ended
        client.force_login(outsider)
        assert client.get(
            reverse("feedback:hand-over", kwargs={"pk": approved.pk})
        ).status_code in (
            403,
            404,
        )
        assert client.post(reverse("feedback:new-link", kwargs={"pk": mum.pk})).status_code in (
            403,
            404,
        )
    assert Invitation.objects.get(pk=mum.pk).token_hash == mum.token_hash


def test_without_family_to_hand_to_the_record_page_follows_distribution(client, family, at_commit):
    conference = journey.recorded(family)  # Mum has an email address
    services.send_record_to_chair(by=family.worker, conference=conference)
    services.approve_record(by=family.chair, conference=conference)
    client.force_login(family.chair)
    response = client.post(reverse("conferences:distribute", kwargs={"pk": conference.pk}))
    assert response.status_code == 302
    assert response["Location"] == reverse("conferences:record", kwargs={"pk": conference.pk})
