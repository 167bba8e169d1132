"""Agency reports in the Signs of Safety format (§6.1): R38 sharing with the family, submission,
the late flag, chasing, no report after distribution, and contributions pulled into the map."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from safetymap.conferences import codes, services
from safetymap.conferences.errors import ConferenceRefused
from safetymap.mapping.models import MapItem

pytestmark = pytest.mark.django_db

FIELDS = {
    "involvement": "Amy has been at the school since reception (fictional).",
    "past_harm": "Amy came in twice with bruises on her arm (fictional).",
    "future_danger": "Amy and Ben could be hurt when Dad has been drinking (fictional).",
    "complicating_factors": "Dad drinks most weekends (fictional).",
    "working_well": "Mum brings them every day and talks to the teacher (fictional).",
    "needs_to_happen": "No more bruises; Amy tells us she feels safe (fictional).",
}


def _scales(family) -> dict:
    return {family.amy.pk: (3, "Bruises twice"), family.ben.pk: (4, "We see Ben less")}


def test_r38_submitting_needs_the_date_shared_with_the_family_or_the_agreed_reason(family):
    conference = family.invited()
    report = services.report_for(family.school, conference)
    with pytest.raises(ConferenceRefused) as refused:
        services.save_report(
            by=family.school, report=report, scales=_scales(family), submit=True, **FIELDS
        )
    assert refused.value.field == "shared_with_family_on"
    assert "reason agreed with the chair" in str(refused.value)
    report.refresh_from_db()
    assert not report.is_submitted and report.involvement == ""
    services.save_report(
        by=family.school,
        report=report,
        scales=_scales(family),
        submit=True,
        not_shared_reason="Police investigation: agreed with the chair on 20 November",
        **FIELDS,
    )
    assert report.is_submitted


def test_a_report_needs_every_part_and_a_scale_for_each_child_before_it_is_submitted(family):
    conference = family.invited()
    report = services.report_for(family.school, conference)
    with pytest.raises(ConferenceRefused) as refused:
        services.save_report(
            by=family.school,
            report=report,
            scales={family.amy.pk: (3, "Bruises")},
            submit=True,
            shared_with_family_on=timezone.localdate(),
            involvement="Since reception",
        )
    fields = {field for _, field in refused.value.problems}
    assert {"past_harm", "future_danger", "working_well", "needs_to_happen"} <= fields
    assert f"scale_{family.ben.pk}" in fields
    # A draft may be saved with gaps.
    services.save_report(by=family.school, report=report, scales={}, involvement="Since reception")
    assert report.status == codes.ReportStatus.DRAFT


def test_a_scale_needs_its_reason(family):
    report = services.report_for(family.school, family.invited())
    with pytest.raises(ConferenceRefused, match="Say why you scaled Amy at 3"):
        services.save_report(by=family.school, report=report, scales={family.amy.pk: (3, " ")})


def test_a_report_cannot_be_submitted_after_the_record_is_distributed(family):
    conference = family.invited()
    report = services.report_for(family.school, conference)
    services.save_report(by=family.school, report=report, scales={}, involvement="Draft words")
    conference.stage, conference.distributed_at = "DISTRIBUTED", timezone.now()
    conference.save()
    with pytest.raises(ConferenceRefused, match="record has been distributed"):
        services.save_report(
            by=family.school,
            report=report,
            scales=_scales(family),
            submit=True,
            shared_with_family_on=timezone.localdate(),
            **FIELDS,
        )
    report.refresh_from_db()
    assert report.status == "DRAFT" and report.involvement == "Draft words"
    assert not report.scales.exists()


def test_a_submitted_report_cannot_be_changed(family):
    conference = family.invited()
    report = services.report_for(family.school, conference)
    services.save_report(
        by=family.school,
        report=report,
        scales=_scales(family),
        submit=True,
        shared_with_family_on=timezone.localdate(),
        **FIELDS,
    )
    with pytest.raises(ConferenceRefused, match="has been submitted"):
        services.save_report(by=family.school, report=report, scales={}, involvement="Changed")


def test_r7_the_report_is_due_to_the_chair_before_the_conference_and_flagged_when_late(family):
    conference = family.scheduled(scheduled_on=timezone.localdate() + datetime.timedelta(days=14))
    services.invite_professional(
        by=family.worker, conference=conference, person=family.school, report_requested=True
    )
    report = services.report_for(family.school, conference)
    assert report.due_on == services.report_due_on(conference)
    assert report.due_on < conference.scheduled_on
    assert not report.is_late
    report.due_on = timezone.localdate() - datetime.timedelta(days=1)
    assert report.is_late


def test_only_the_invited_author_writes_the_report(family):
    conference = family.invited()
    with pytest.raises(ConferenceRefused, match="Only someone invited"):
        services.report_for(family.stranger, conference)
    report = services.report_for(family.school, conference)
    with pytest.raises(ConferenceRefused, match="your own agency's report"):
        services.save_report(by=family.health, report=report, scales={}, involvement="Not mine")


def test_a_recommendation_only_where_the_agency_type_allows(family, monkeypatch):
    conference = family.invited()
    report = services.report_for(family.school, conference)
    monkeypatch.setattr(services, "NO_RECOMMENDATION_TYPES", frozenset({"SCHOOL"}))
    with pytest.raises(ConferenceRefused, match="do not give a recommendation"):
        services.save_report(by=family.school, report=report, scales={}, recommendation="CP_PLAN")


def test_invitations_and_reminders_are_emailed_without_the_childs_name(
    family, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        conference = family.invited()
    assert len(mail.outbox) == 3  # the school, health and Mum
    with django_capture_on_commit_callbacks(execute=True):
        services.ask_for_reports(by=family.worker, conference=conference)
    report = services.report_for(family.school, conference)
    services.save_report(
        by=family.school,
        report=report,
        scales=_scales(family),
        submit=True,
        shared_with_family_on=timezone.localdate(),
        **FIELDS,
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        chased = services.chase_reports(by=family.chair, conference=conference)
    assert [i.user for i in chased] == [family.health]
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [family.health.email]
    for text in [m.subject + m.body for m in mail.outbox]:
        assert "Amy" not in text and "Ben" not in text and "Fictional Fictional" not in text
    assert conference.reference in mail.outbox[0].body
    assert all(e.delivery == "Sent" for e in conference.emails.all())


def test_a_family_member_without_email_is_shown_as_not_sent(
    family, django_capture_on_commit_callbacks
):
    conference = family.scheduled()
    invitation = services.invite_family_member(
        by=family.worker,
        conference=conference,
        name="Fictional Grandad",
        relationship="Grandad",
        respondent_type="PARENT_CARER",
    )
    assert not invitation.emails.exists()  # given by hand: nothing to send
    with django_capture_on_commit_callbacks(execute=False):
        services.stop(by=family.chair, conference=conference, cancel=False, reason="Fictional")
    email = invitation.emails.get()
    from safetymap.conferences.tasks import send_conference_emails

    send_conference_emails.call(email_ids=[email.pk])
    email.refresh_from_db()
    assert email.delivery == "Not sent" and "Tell them another way" in email.failure


def test_chasing_when_everyone_has_reported_is_refused(family):
    conference = family.scheduled()
    services.invite_professional(
        by=family.worker, conference=conference, person=family.school, report_requested=False
    )
    with pytest.raises(ConferenceRefused, match="Every agency asked for a report has sent it"):
        services.chase_reports(by=family.worker, conference=conference)


def test_a_report_is_pulled_into_the_conference_map_with_the_agency_as_source(family):
    conference = family.invited()
    report = services.report_for(family.school, conference)
    services.save_report(
        by=family.school,
        report=report,
        scales=_scales(family),
        submit=True,
        shared_with_family_on=timezone.localdate(),
        **FIELDS,
    )
    with pytest.raises(ConferenceRefused):
        services.pull_report_into_map(by=family.school, report=report)  # partners cannot
    added = services.pull_report_into_map(by=family.worker, report=report)
    assert added == 3
    conference.refresh_from_db()
    items = MapItem.objects.filter(map=conference.sos_map)
    assert {i.category for i in items} == {"PAST_HARM", "COMPLICATING_FACTOR", "EXISTING_STRENGTH"}
    assert {i.source for i in items} == {"Larkford Primary (fictional)"}
    assert not items.first().children.exists()  # untagged: about every child on the map
    assert set(conference.sos_map.children.all()) == {family.amy, family.ben}
    with pytest.raises(ConferenceRefused, match="already on the map"):
        services.pull_report_into_map(by=family.worker, report=report)
