"""The conference pages run in a fixed number of queries, whatever the number of invitees,
reports and emails."""

from __future__ import annotations

import pytest
from django.urls import reverse

from safetymap.accounts.roles import Role
from safetymap.conferences import services
from tests.conferences import journey
from tests.factories import UserFactory
from tests.queries import assert_queries_do_not_grow

pytestmark = pytest.mark.django_db


def _more_invitees(family, conference):
    def grow() -> None:
        for _ in range(3):
            person = UserFactory(roles=[Role.PARTNER_PRACTITIONER], organisation=family.school_org)
            services.invite_professional(
                by=family.worker, conference=conference, person=person, report_requested=True
            )
            journey.submit_report(family, person, conference)

    return grow


def test_the_conference_page_does_not_grow_with_invitees_and_reports(client, family):
    conference = family.invited()
    journey.submit_report(family, family.school, conference)  # prefetches run from the start
    client.force_login(family.chair)
    url = reverse("conferences:conference", kwargs={"pk": conference.pk})
    assert_queries_do_not_grow(lambda: client.get(url), _more_invitees(family, conference))


def test_the_record_page_does_not_grow_with_attendees(client, family):
    conference = journey.held(family)
    client.force_login(family.worker)
    url = reverse("conferences:record", kwargs={"pk": conference.pk})

    def grow() -> None:
        for n in range(3):
            conference.invitations.create(
                kind="FAMILY",
                name=f"Fictional Aunt {n}",
                relationship="Aunt",
                respondent_type="PARENT_CARER",
                invited_by=family.worker,
            )

    assert_queries_do_not_grow(lambda: client.get(url), grow)
