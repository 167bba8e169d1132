"""R39: third-party or police-sensitive information in an agency report's restricted section is
seen by its author, the chair and children's social care with the child's record; never by the
other agencies, the core group or the family, and never carried into the map."""

from __future__ import annotations

import pytest
from django.urls import reverse

from safetymap.audit.models import AuditEvent
from safetymap.cases import services as case_services
from safetymap.conferences import services
from safetymap.mapping.models import MapItem
from tests.conferences import journey
from tests.factories import ChildProtectionPlanFactory

pytestmark = pytest.mark.django_db


def _school_report(family):
    conference = family.invited()
    journey.submit_report(family, family.school, conference)
    return conference, conference.reports.get(author=family.school)


def _page(client, person, report) -> str:
    client.force_login(person)
    response = client.get(reverse("conferences:report", kwargs={"pk": report.pk}))
    assert response.status_code == 200
    return response.content.decode()


def test_r39_the_author_the_chair_and_the_social_worker_see_the_restricted_section(client, family):
    _, report = _school_report(family)
    for person in (family.school, family.chair, family.worker, family.manager):
        assert "Police intelligence" in _page(client, person, report), person
    reads = AuditEvent.objects.filter(actor=family.chair, subject_id=str(report.pk))
    read = reads.get(child_id=family.episode.child_id)  # and one for each other child
    assert read.details["page"] == "agency report, with its restricted section"


def test_r39_other_agencies_and_the_core_group_do_not(client, family):
    conference, report = _school_report(family)
    page = _page(client, family.health, report)  # invited, another agency
    assert "Police intelligence" not in page and "Restricted information" not in page
    reads = AuditEvent.objects.filter(actor=family.health, subject_id=str(report.pk))
    read = reads.get(child_id=family.episode.child_id)
    assert read.details["page"] == "agency report"
    plan = ChildProtectionPlanFactory(episode=family.episode)
    case_services.add_core_group_member(by=family.worker, plan=plan, member=family.stranger)
    assert "Police intelligence" not in _page(client, family.stranger, report)


def test_r39_the_restricted_section_is_not_carried_into_the_map(family):
    conference, report = _school_report(family)
    services.pull_report_into_map(by=family.worker, report=report)
    texts = " ".join(
        MapItem.objects.filter(map__conferences=conference).values_list("text", flat=True)
    )
    assert texts and "Police intelligence" not in texts
