"""Each child's decision and views, recorded by the conference's chair (conference materials
only) or the social worker's side, at initial and review conferences; and what each decision
creates next: the next review conference, a child in need plan with its first review (R7)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from safetymap.audit.models import AuditEvent
from safetymap.cases import work
from safetymap.cases.models import ChildInNeedPlan, ChildProtectionPlan, ReviewConference
from safetymap.cases.pathway import next_cin_review_due
from safetymap.conferences import services
from safetymap.conferences.codes import ConferenceType, Stage
from safetymap.conferences.errors import ConferenceRefused
from safetymap.conferences.models import Conference, Decision
from tests.conferences import journey
from tests.factories import ChildFactory

pytestmark = pytest.mark.django_db


def _chair_decides_plan(family, conference, child):
    return services.record_decision(
        by=family.chair,
        conference=conference,
        child=child,
        outcome="CP_PLAN",
        reason="Harm shown and further harm likely without a plan.",
        plan=journey.plan_details(family),
    )


def _review_held(family, *, report_from=None) -> Conference:
    """The initial conference decided plans for both children (which requested the review);
    the review is scheduled with the same chair and held today."""
    journey.recorded(family)
    review = Conference.objects.get(conference_type=ConferenceType.REVIEW)
    services.schedule(
        by=family.worker,
        conference=review,
        scheduled_on=timezone.localdate(),
        chair=family.chair,
        venue="Larkford Civic Centre (fictional)",
    )
    services.invite_professional(
        by=family.worker,
        conference=review,
        person=report_from or family.school,
        report_requested=True,
    )
    services.record_held(by=family.chair, conference=review, held_on=timezone.localdate())
    review.refresh_from_db()
    return review


def test_r12_the_chair_records_the_decision_at_an_initial_conference_and_the_plan_starts(family):
    conference = journey.held(family)
    decision = _chair_decides_plan(family, conference, family.amy)
    plan = decision.plan
    assert plan.chair == family.chair and plan.started_on == conference.held_on
    assert decision.recorded_by == family.chair
    event = AuditEvent.objects.filter(
        actor=family.chair, subject_type__icontains="childprotectionplan"
    ).last()
    assert event is not None and "chair of the conference" in event.basis


def test_the_chair_records_each_childs_views_written_at_the_meeting(family):
    conference = journey.held(family)
    views = services.record_child_views(
        by=family.chair,
        conference=conference,
        child=family.amy,
        kind="WRITTEN",
        text="Amy said she wants Dad to stop shouting.",
    )
    assert views.recorded_by == family.chair


def test_the_chair_cannot_attach_a_voice_record_they_cannot_see(family):
    conference = journey.held(family)
    with pytest.raises(ConferenceRefused, match="Write the child's views"):
        services.record_child_views(
            by=family.chair,
            conference=conference,
            child=family.amy,
            kind="VOICE_RECORD",
            voice_record_id=1,
        )


def test_a_plan_decision_requests_the_next_review_conference_due_by_r6(family):
    conference = journey.recorded(family)
    review = Conference.objects.get(conference_type=ConferenceType.REVIEW)
    assert set(review.children.all()) == {family.amy, family.ben}
    assert review.stage == Stage.REQUESTED
    plan = ChildProtectionPlan.objects.get(episode__child=family.amy)
    assert review.due_on is not None and conference.held_on < review.due_on
    assert review.due_on <= plan.started_on + datetime.timedelta(days=93)


def test_a_partner_who_is_not_the_chair_is_refused_and_nothing_is_saved(family):
    conference = journey.held(family)
    for person in (family.school, family.health):
        with pytest.raises(ConferenceRefused, match="chair"):
            services.record_decision(
                by=person,
                conference=conference,
                child=family.amy,
                outcome="NFA",
                reason="Fictional",
            )
        with pytest.raises(ConferenceRefused, match="chair"):
            services.record_child_views(
                by=person, conference=conference, child=family.amy, kind="WRITTEN", text="x"
            )
    assert not Decision.objects.exists() and not ChildProtectionPlan.objects.exists()


def test_a_decision_for_a_child_not_in_the_conference_is_refused_and_nothing_is_saved(family):
    conference = journey.held(family)
    other = ChildFactory(first_name="Cara", last_name="Fictional")
    with pytest.raises(ConferenceRefused, match="not a subject of this conference"):
        _chair_decides_plan(family, conference, other)
    assert not Decision.objects.exists() and not ChildProtectionPlan.objects.exists()
    assert not Conference.objects.filter(conference_type=ConferenceType.REVIEW).exists()


def test_missing_reports_and_no_scaling_warn_and_are_recorded_with_the_decision(family):
    conference = family.invited()  # nobody has reported, there is no map
    services.record_held(by=family.chair, conference=conference, held_on=timezone.localdate())
    warnings = services.decision_warnings(conference)
    assert any("No report from" in w and family.school.get_full_name() in w for w in warnings)
    assert "Nobody's scale was recorded at the meeting" in warnings
    decision = services.record_decision(
        by=family.chair,
        conference=conference,
        child=family.ben,
        outcome="NFA",
        reason="Ben is safe; nothing more is needed (fictional).",
    )
    assert decision.warning_list == warnings


def test_no_warning_when_every_report_is_in_and_the_meeting_scaled(family):
    conference = journey.held(family)
    assert services.decision_warnings(conference) == []


def test_r7_an_initial_conference_deciding_a_child_in_need_plan_starts_one_with_its_first_review(
    family,
):
    conference = journey.held(family)
    services.record_decision(
        by=family.chair,
        conference=conference,
        child=family.ben,
        outcome="NO_PLAN_CIN",
        reason="Ben is safe with Nan; a child in need plan supports the family.",
    )
    plan = ChildInNeedPlan.objects.get(episode=family.ben_episode)
    assert plan.started_on == conference.held_on
    assert next_cin_review_due(plan) == plan.started_on + datetime.timedelta(weeks=4)


def test_r6_the_chair_continues_the_plan_at_a_review_with_a_changed_category(family):
    review = _review_held(family)
    decision = services.record_decision(
        by=family.chair,
        conference=review,
        child=family.amy,
        outcome="CP_PLAN",
        reason="Dad still drinks; the worry is now neglect of Amy's care.",
        plan={"category": "NEG"},
    )
    plan = ChildProtectionPlan.objects.get(episode__child=family.amy)
    assert decision.plan == plan and plan.ended_on is None
    assert plan.latest_category == "NEG" and plan.initial_category == "EMO"
    assert ReviewConference.objects.get(plan=plan).plan_continues
    # The next review conference is asked for.
    assert (
        Conference.objects.filter(conference_type=ConferenceType.REVIEW, stage=Stage.REQUESTED)
        .filter(children=family.amy)
        .exists()
    )


def test_r16_a_review_steps_down_to_a_child_in_need_plan_whose_first_review_is_on_my_work(
    family,
):
    review = _review_held(family)
    services.record_decision(
        by=family.chair,
        conference=review,
        child=family.ben,
        outcome="NO_PLAN_CIN",
        reason="Ben is safe with Nan; the family needs support, not protection.",
    )
    plan = ChildProtectionPlan.objects.get(episode__child=family.ben)
    assert plan.ended_on == review.held_on
    assert family.ben_episode.closure_date is None
    cin = ChildInNeedPlan.objects.get(episode=family.ben_episode, ended_on__isnull=True)
    assert cin.started_on == review.held_on
    due = next_cin_review_due(cin)
    assert due == review.held_on + datetime.timedelta(weeks=4)
    items = work.work_due(family.worker)
    assert any(
        item.label == "Review the child in need plan"
        and item.due == due
        and item.child_names == family.ben.full_name
        for item in items
    )


def test_a_review_ending_the_plan_for_early_help_makes_no_child_in_need_plan(family):
    review = _review_held(family)
    services.record_decision(
        by=family.chair,
        conference=review,
        child=family.ben,
        outcome="NO_PLAN_EARLY_HELP",
        reason="Early help will support the family (fictional).",
    )
    assert ChildProtectionPlan.objects.get(episode__child=family.ben).ended_on
    assert not ChildInNeedPlan.objects.filter(episode=family.ben_episode).exists()


def test_the_decision_page_offers_a_review_its_own_choices(client, family):
    review = _review_held(family)
    client.force_login(family.chair)
    url = reverse("conferences:decision", kwargs={"pk": review.pk, "child_pk": family.amy.pk})
    page = client.get(url).content.decode()
    assert "Continue the child protection plan" in page
    assert "step down to a child in need plan" in page
    assert "Date of the first core group" not in page
    assert "Date of the first review conference" not in page
    assert "No report from" in page


def test_the_chair_records_a_decision_through_the_page_and_a_bad_one_keeps_what_was_typed(
    client, family
):
    conference = journey.held(family)
    client.force_login(family.chair)
    url = reverse("conferences:decision", kwargs={"pk": conference.pk, "child_pk": family.ben.pk})
    assert client.get(url).status_code == 200
    bad = client.post(url, {"outcome": "CP_PLAN", "reason": "Typed by the chair"})
    assert bad.status_code == 200
    body = bad.content.decode()
    assert "govuk-error-summary" in body and "Typed by the chair" in body
    assert not Decision.objects.exists()
    good = client.post(url, {"outcome": "NFA", "reason": "Ben is safe (fictional)."})
    assert good.status_code == 302
    assert Decision.objects.get().recorded_by == family.chair


def test_a_partner_gets_no_decision_page_and_no_link_to_it(client, family):
    conference = journey.held(family)
    client.force_login(family.school)
    url = reverse("conferences:decision", kwargs={"pk": conference.pk, "child_pk": family.ben.pk})
    assert client.get(url).status_code == 403
    record = client.get(reverse("conferences:record", kwargs={"pk": conference.pk}))
    assert url not in record.content.decode()


def test_the_conference_map_is_a_link_only_for_someone_who_may_open_it(client, family):
    conference = journey.held(family)
    map_url = reverse("mapping:map", kwargs={"pk": conference.sos_map_id})
    for person, linked in ((family.worker, True), (family.chair, False)):
        client.force_login(person)
        for name in ("conferences:conference", "conferences:record"):
            page = client.get(reverse(name, kwargs={"pk": conference.pk})).content.decode()
            assert (map_url in page) is linked, (person, name)
