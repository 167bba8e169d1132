"""An invited partner practitioner sees this conference's materials and nothing else of the
child's record; an uninvited one sees nothing (404, as for a made-up number); the invitation's
access ends when the record is distributed (or the conference is cancelled)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from safetymap.access.models import RestrictedRecord, RestrictionReason
from safetymap.access.policy import basis_for, conference_basis_for, visible_children
from safetymap.audit.models import AuditEvent
from safetymap.conferences import services
from tests.factories import AgencyReportFactory, SoSMapFactory

pytestmark = pytest.mark.django_db


def _report_data(family) -> dict:
    return {
        "revision": "1",
        "involvement": "Amy has been at the school since reception (fictional).",
        "past_harm": "Amy came in twice with bruises on her arm (fictional).",
        "future_danger": "Amy and Ben could be hurt when Dad has been drinking (fictional).",
        "working_well": "Mum brings them every day and talks to the teacher (fictional).",
        "needs_to_happen": "No more bruises; Amy tells us she feels safe (fictional).",
        "shared_with_family_on-day": str(timezone.localdate().day),
        "shared_with_family_on-month": str(timezone.localdate().month),
        "shared_with_family_on-year": str(timezone.localdate().year),
        f"scale_{family.amy.pk}": "3",
        f"reason_{family.amy.pk}": "Bruises twice this term",
        f"scale_{family.ben.pk}": "4",
        f"reason_{family.ben.pk}": "Ben is not yet at school; we see less",
        "submit": "yes",
    }


def test_an_invited_partner_opens_the_conference_and_submits_their_report(client, family):
    conference = family.invited()
    client.force_login(family.school)
    page = client.get(reverse("conferences:conference", kwargs={"pk": conference.pk}))
    assert page.status_code == 200
    assert "Amy Fictional" in page.content.decode()
    form = client.get(reverse("conferences:my-report", kwargs={"pk": conference.pk}))
    assert form.status_code == 200
    response = client.post(
        reverse("conferences:my-report", kwargs={"pk": conference.pk}), _report_data(family)
    )
    assert response.status_code == 302
    report = conference.reports.get()
    assert report.is_submitted and report.organisation == family.school_org
    assert {(s.child, s.value) for s in report.scales.all()} == {(family.amy, 3), (family.ben, 4)}
    viewed = AuditEvent.objects.filter(actor=family.school, action="VIEW").first()
    assert "conference materials only" in viewed.basis


def test_an_invited_partner_cannot_open_anything_else_about_the_child(client, family):
    conference = family.invited()
    sos_map = SoSMapFactory(episode=family.episode)
    client.force_login(family.school)
    assert conference_basis_for(family.school, conference) is not None
    assert basis_for(family.school, family.amy.pk) is None
    assert family.amy not in visible_children(family.school)
    for name, kwargs in (
        ("people:child", {"pk": family.amy.pk}),
        ("cases:episode", {"pk": family.episode.pk}),
        ("cases:chronology", {"pk": family.amy.pk}),
        ("voice:child", {"pk": family.amy.pk}),
        ("mapping:map", {"pk": sos_map.pk}),
        ("safety:network", {"pk": family.episode.pk}),
    ):
        response = client.get(reverse(name, kwargs=kwargs))
        assert response.status_code in (403, 404), name
    # Nor can they record the decision (refused before any lookup: their role cannot).
    response = client.get(
        reverse("conferences:decision", kwargs={"pk": conference.pk, "child_pk": family.amy.pk})
    )
    assert response.status_code == 403


def test_an_uninvited_partner_cannot_open_the_conference_or_its_reports(client, family):
    conference = family.invited()
    report = AgencyReportFactory(invitation=conference.invitations.get(user=family.school))
    client.force_login(family.stranger)
    for name, pk in (
        ("conferences:conference", conference.pk),
        ("conferences:record", conference.pk),
        ("conferences:my-report", conference.pk),
        ("conferences:report", report.pk),
    ):
        assert client.get(reverse(name, kwargs={"pk": pk})).status_code == 404, name
    for fmt in ("pdf", "docx"):
        url = reverse(
            "conferences:document", kwargs={"pk": conference.pk, "version": "full", "fmt": fmt}
        )
        assert client.get(url).status_code == 404
    assert client.get(reverse("conferences:mine")).content.decode().count(conference.reference) == 0


def test_a_draft_report_is_seen_only_by_its_author(client, family):
    conference = family.invited()
    draft = AgencyReportFactory(
        invitation=conference.invitations.get(user=family.school), status="DRAFT"
    )
    client.force_login(family.health)
    assert client.get(reverse("conferences:report", kwargs={"pk": draft.pk})).status_code == 404
    client.force_login(family.school)
    assert client.get(reverse("conferences:report", kwargs={"pk": draft.pk})).status_code == 200


def test_access_ends_when_the_record_is_distributed(client, family):
    conference = family.invited()
    conference.stage, conference.distributed_at = "DISTRIBUTED", timezone.now()
    conference.save()
    client.force_login(family.school)
    assert conference_basis_for(family.school, conference) is None
    assert (
        client.get(reverse("conferences:conference", kwargs={"pk": conference.pk})).status_code
        == 404
    )
    # The chair and the social worker still can.
    assert conference_basis_for(family.chair, conference) is not None
    assert conference_basis_for(family.worker, conference) == "allocated worker"


def test_access_ends_when_the_conference_is_cancelled(family):
    conference = family.invited()
    services.stop(by=family.chair, conference=conference, cancel=True, reason="Moved away")
    assert conference_basis_for(family.school, conference) is None


def test_a_restricted_record_closes_the_conference_to_an_invited_partner(family):
    conference = family.invited()
    restriction = RestrictedRecord.objects.create(
        child=family.ben, reason=RestrictionReason.OTHER, restricted_by=family.manager
    )
    restriction.people.add(family.worker)
    assert conference_basis_for(family.school, conference) is None
    assert conference_basis_for(family.worker, conference) is not None


def test_my_conferences_lists_an_invited_partners_conferences(client, family):
    conference = family.invited()
    client.force_login(family.school)
    page = client.get(reverse("conferences:mine")).content.decode()
    assert conference.reference in page


def test_a_restricted_sibling_is_never_offered_or_taken_as_a_conference_subject(client, family):
    """Issue 15, finding 2: the team sees Amy; Ben's record is restricted to someone else."""
    from safetymap.conferences.errors import ConferenceRefused

    restriction = RestrictedRecord.objects.create(
        child=family.ben, reason=RestrictionReason.ADOPTION, restricted_by=family.manager
    )
    restriction.people.add(family.manager)
    assert family.ben not in services.household_choices(family.episode, for_user=family.worker)
    client.force_login(family.worker)
    page = client.get(reverse("conferences:request", kwargs={"pk": family.episode.pk}))
    assert page.status_code == 200 and family.ben.full_name not in page.content.decode()
    with pytest.raises(ConferenceRefused):
        family.requested()  # about Amy and Ben
    assert not family.episode.conferences.exists()
