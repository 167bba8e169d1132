"""The live record and the decision: R12-R14 through the pathway's own service, R28 before the
chair approves, R40 in what each recipient gets, and the feedback hook at distribution."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from safetymap.access.policy import conference_basis_for
from safetymap.cases.models import ChildProtectionPlan
from safetymap.conferences import hooks, presentation, services
from safetymap.conferences.codes import Stage
from safetymap.conferences.errors import ConferenceRefused
from safetymap.conferences.models import Decision
from tests.conferences import journey
from tests.factories import ChildVoiceRecordFactory

pytestmark = pytest.mark.django_db


def test_r12_a_plan_decision_missing_a_required_part_is_refused_and_nothing_changes(family):
    conference = journey.held(family)
    details = journey.plan_details(family) | {"outline_action": "", "lead_social_worker": None}
    with pytest.raises(ConferenceRefused) as refused:
        services.record_decision(
            by=family.worker,
            conference=conference,
            child=family.amy,
            outcome="CP_PLAN",
            reason="Harm shown and further harm likely.",
            plan=details,
        )
    fields = {field for _, field in refused.value.problems}
    assert {"outline_action", "lead_social_worker"} <= fields
    assert not Decision.objects.exists() and not ChildProtectionPlan.objects.exists()


def test_r12_a_plan_decision_needs_a_category(family):
    conference = journey.held(family)
    with pytest.raises(ConferenceRefused, match="category") as refused:
        services.record_decision(
            by=family.worker,
            conference=conference,
            child=family.amy,
            outcome="CP_PLAN",
            reason="Harm shown",
            plan=journey.plan_details(family) | {"category": ""},
        )
    assert refused.value.field == "category"


def test_r14_dissent_needs_who_and_what(family):
    conference = journey.held(family)
    with pytest.raises(ConferenceRefused, match="who dissented"):
        services.record_decision(
            by=family.worker,
            conference=conference,
            child=family.amy,
            outcome="CP_PLAN",
            reason="Harm shown",
            plan=journey.plan_details(family) | {"dissent_by": "Police, PC Fictional"},
        )


def test_a_plan_decision_starts_each_childs_plan_with_the_conference_chair(family):
    conference = journey.recorded(family)
    plans = ChildProtectionPlan.objects.filter(episode__child__in=[family.amy, family.ben])
    assert plans.count() == 2
    for plan in plans:
        assert plan.chair == family.chair and plan.started_on == conference.held_on
        assert plan.initial_category == "EMO"
    assert {d.plan for d in conference.decisions.all()} == set(plans)


def test_no_plan_needs_the_reason(family):
    conference = journey.held(family)
    with pytest.raises(ConferenceRefused, match="does not need a child protection plan"):
        services.record_decision(
            by=family.worker,
            conference=conference,
            child=family.ben,
            outcome="NO_PLAN_CIN",
            reason="",
        )
    decision = services.record_decision(
        by=family.worker,
        conference=conference,
        child=family.ben,
        outcome="NO_PLAN_CIN",
        reason="Ben is safe with Nan; a child in need plan supports the family.",
    )
    assert decision.plan is None


def test_r28_the_record_cannot_be_approved_without_each_childs_views(family):
    conference = journey.held(family)
    for invitation in conference.invitations.all():
        services.record_attendance(by=family.chair, invitation=invitation, attendance="PRESENT")
    for child in (family.amy, family.ben):
        services.record_decision(
            by=family.worker,
            conference=conference,
            child=child,
            outcome="NO_PLAN_EARLY_HELP",
            reason="Fictional: early help will do",
        )
    services.send_record_to_chair(by=family.worker, conference=conference)
    with pytest.raises(ConferenceRefused) as refused:
        services.approve_record(by=family.chair, conference=conference)
    messages = [m for m, _ in refused.value.problems]
    assert any("Amy Fictional's views" in m for m in messages)
    assert any("Ben Fictional's views" in m for m in messages)
    conference.refresh_from_db()
    assert conference.stage == Stage.RECORD_DRAFTED and conference.approved_at is None


def test_r28_a_voice_record_counts_only_if_the_child_agreed_the_conference_may_see_it(family):
    conference = journey.held(family)
    private = ChildVoiceRecordFactory(
        child=family.amy, practitioner=family.worker, share_scope="NONE"
    )
    with pytest.raises(ConferenceRefused, match="agreed the conference may see"):
        services.record_child_views(
            by=family.worker,
            conference=conference,
            child=family.amy,
            kind="VOICE_RECORD",
            voice_record_id=private.pk,
        )
    shared = ChildVoiceRecordFactory(
        child=family.amy, practitioner=family.worker, share_scope="CONFERENCE"
    )
    views = services.record_child_views(
        by=family.worker,
        conference=conference,
        child=family.amy,
        kind="VOICE_RECORD",
        voice_record_id=shared.pk,
    )
    assert views.voice_record == shared


def test_r28_a_baby_or_unborn_child_has_observation_notes(family):
    conference = journey.held(family)
    with pytest.raises(ConferenceRefused, match="Write what was observed"):
        services.record_child_views(
            by=family.worker, conference=conference, child=family.ben, kind="OBSERVATION"
        )


def test_only_the_chair_approves_and_then_the_record_is_distributed(
    family, django_capture_on_commit_callbacks
):
    conference = journey.recorded(family)
    services.send_record_to_chair(by=family.worker, conference=conference)
    with pytest.raises(ConferenceRefused, match="Only the conference's chair"):
        services.approve_record(by=family.worker, conference=conference)
    services.approve_record(by=family.chair, conference=conference)
    assert conference.stage == Stage.CHAIR_APPROVED
    heard = []
    registered = list(hooks._listeners)
    hooks.on_distributed(lambda c, people: heard.append((c.pk, people)))
    try:
        with django_capture_on_commit_callbacks(execute=True):
            respondents = services.distribute_record(by=family.worker, conference=conference)
    finally:
        hooks._listeners[:] = registered
    assert conference.stage == Stage.DISTRIBUTED and conference.distributed_at
    assert heard == [(conference.pk, respondents)]
    assert {(r.name, r.respondent_type) for r in respondents} == {
        ("Fictional Teacher", "PROFESSIONAL"),
        ("Fictional Health Visitor", "PROFESSIONAL"),
        ("Fictional Mum", "PARENT_CARER"),
    }
    assert conference_basis_for(family.school, conference) is None  # access has ended


def test_r40_a_family_member_excluded_from_part_does_not_receive_it(family, client):
    conference = journey.held(family)
    mum = conference.invitations.get(kind="FAMILY")
    with pytest.raises(ConferenceRefused, match="reason"):
        services.record_attendance(
            by=family.chair, invitation=mum, attendance="EXCLUDED_PART", excluded_from=["danger"]
        )
    services.record_attendance(
        by=family.chair,
        invitation=mum,
        attendance="EXCLUDED_PART",
        excluded_from=["danger", "decision"],
        exclusion_reason="Police information was discussed (fictional)",
    )
    full = presentation.record_sections(conference)
    theirs = presentation.record_sections(conference, recipient=mum, family=True)
    assert {"danger", "decision"} <= {s.key for s in full.sections}
    assert not {"danger", "decision"} & {s.key for s in theirs.sections}
    assert journey.DANGER not in str(theirs)
    client.force_login(family.worker)
    url = reverse(
        "conferences:document", kwargs={"pk": conference.pk, "version": "family", "fmt": "docx"}
    )
    import io

    from docx import Document

    client.post(f"{url}?for={mum.pk}")  # "Prepare it"
    text = "\n".join(
        p.text for p in Document(io.BytesIO(client.get(f"{url}?for={mum.pk}").content)).paragraphs
    )
    assert "Why we met" in text and journey.DANGER not in text


def test_the_record_page_shows_the_agenda_and_what_stops_approval(family, client):
    conference = journey.held(family)
    client.force_login(family.chair)
    page = client.get(reverse("conferences:record", kwargs={"pk": conference.pk})).content.decode()
    assert "What are we worried about?" in page and "Danger statements" in page
    assert "Record Amy Fictional&#x27;s views" in page
    assert journey.DANGER.replace("'", "&#x27;") in page


def test_the_conference_page_shows_who_has_reported(family, client):
    conference = family.invited()
    journey.submit_report(family, family.school, conference)
    client.force_login(family.chair)
    page = client.get(
        reverse("conferences:conference", kwargs={"pk": conference.pk})
    ).content.decode()
    assert "1 still to come" in page and "Not yet submitted" in page
    assert "Email a reminder" in page
    assert timezone.localdate().year  # the page renders dates


def test_distributing_the_record_asks_everyone_for_feedback(
    family, django_capture_on_commit_callbacks
):
    from safetymap.feedback.models import FeedbackRound

    conference = journey.recorded(family)
    services.send_record_to_chair(by=family.worker, conference=conference)
    services.approve_record(by=family.chair, conference=conference)
    with django_capture_on_commit_callbacks(execute=True):
        respondents = services.distribute_record(by=family.worker, conference=conference)
    feedback = FeedbackRound.objects.get(conference_id=conference.pk)
    assert feedback.meeting_kind == "INITIAL" and feedback.episode == conference.episode
    assert feedback.invitations.count() == len(respondents) == 3
