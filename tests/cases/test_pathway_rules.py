"""The statutory pathway's rules (domain.md §7), each refused with a reason and nothing saved."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from safetymap.accounts.roles import Role
from safetymap.audit.models import Action, AuditEvent
from safetymap.cases import pathway, services, timescales
from safetymap.cases.codes import (
    AssessmentOutcome,
    CategoryOfAbuse,
    ClosureReason,
    ContactDecision,
    PlanEndReason,
    ReferralSource,
    Section47Decision,
)
from safetymap.cases.errors import PathwayRefused
from safetymap.cases.models import Contact, Episode, Section47Enquiry, StrategyDiscussion
from safetymap.cases.selectors import previous_cp_plan_counts
from safetymap.people.models import Household, HouseholdMember
from tests.factories import (
    AllocationFactory,
    AssessmentFactory,
    ChildFactory,
    ChildProtectionPlanFactory,
    ContactFactory,
    EpisodeFactory,
    OrganisationFactory,
    StrategyDiscussionFactory,
    TeamFactory,
    UserFactory,
    authorise_as_manager,
    close_with_authorisation,
    manager_of,
)

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today


def allocated(**episode_fields):
    """A social worker and an episode allocated to them."""
    allocation = AllocationFactory(episode=EpisodeFactory(**episode_fields))
    return allocation.worker, allocation.episode


def test_r1_contact_decision_is_due_one_working_day_after_it_is_received():
    worker, episode = allocated()
    friday = datetime.datetime(2026, 11, 20, 16, 30, tzinfo=datetime.UTC)
    contact = services.record_contact(
        by=worker,
        children=[episode.child],
        received_at=friday,
        channel="PHONE",
        referrer_name="Fictional Teacher",
        worried_about="Bruise seen",
        consent="OBTAINED",
    )
    assert contact.decision_due == datetime.date(2026, 11, 23)  # the Monday


def test_r1_a_late_decision_needs_a_reason():
    worker, episode = allocated()
    contact = ContactFactory(
        children=[episode.child], received_at=timezone.now() - datetime.timedelta(days=10)
    )
    with pytest.raises(PathwayRefused, match="Say why it is late"):
        services.decide_contact(
            by=worker, contact=contact, decision=ContactDecision.ADVICE, rationale="Advice given"
        )
    contact.refresh_from_db()
    assert contact.decision == ""
    services.decide_contact(
        by=worker,
        contact=contact,
        decision=ContactDecision.ADVICE,
        rationale="Advice given",
        late_reason="Waiting for police checks",
    )
    contact.refresh_from_db()
    assert contact.late_reason == "Waiting for police checks"


def test_a_referral_decision_starts_an_episode_for_each_child_and_others_do_not():
    worker, episode = allocated()
    sibling = ChildFactory()
    AllocationFactory(episode=EpisodeFactory(child=sibling), worker=worker)
    contact = ContactFactory(children=[episode.child, sibling])
    team = TeamFactory()
    manager_of(team)
    started = services.decide_contact(
        by=worker,
        contact=contact,
        decision=ContactDecision.ASSESSMENT,
        rationale="Needs one",
        referral_source=ReferralSource.SCHOOLS,
        primary_need="N1",
        team=team,
    )
    assert {e.child for e in started} == {episode.child, sibling}
    assert all(e.queue_entries.get().team == team for e in started)
    assert all(e.referral_date == timezone.localtime(contact.received_at).date() for e in started)
    other = ContactFactory(children=[episode.child])
    assert (
        services.decide_contact(
            by=worker, contact=other, decision=ContactDecision.ADVICE, rationale="Signposted"
        )
        == []
    )


def test_a_contact_about_a_child_the_worker_cannot_see_is_refused():
    worker, _ = allocated()
    with pytest.raises(PathwayRefused, match="do not have access"):
        services.record_contact(
            by=worker,
            children=[ChildFactory()],
            received_at=timezone.now(),
            channel="PHONE",
            referrer_name="X",
            worried_about="Y",
            consent="OBTAINED",
        )
    assert not Contact.objects.exists()


def test_r2_assessment_is_due_45_working_days_from_referral_and_late_completion_needs_a_reason():
    worker, episode = allocated(referral_date=datetime.date(2026, 3, 2))
    assessment = services.start_assessment(
        by=worker, episode=episode, started_on=datetime.date(2026, 3, 4)
    )
    assert assessment.due_on == timescales.assessment_due(datetime.date(2026, 3, 2))
    late = assessment.due_on + datetime.timedelta(days=7)
    with pytest.raises(PathwayRefused, match="working days late. Say why") as refusal:
        services.complete_assessment(
            by=worker,
            assessment=assessment,
            completed_on=late,
            outcome=AssessmentOutcome.CIN_PLAN,
            analysis="Analysis",
        )
    assert refusal.value.field == "overdue_reason"
    assessment.refresh_from_db()
    assert assessment.completed_on is None


def test_an_assessment_cannot_start_before_the_referral():
    worker, episode = allocated(referral_date=datetime.date(2026, 3, 2))
    with pytest.raises(PathwayRefused, match="on or after 2 March 2026"):
        services.start_assessment(by=worker, episode=episode, started_on=datetime.date(2026, 3, 1))


def discussion_fields(**overrides):
    fields = {
        "held_on": datetime.date(2026, 3, 3),
        "meeting_format": "VIRTUAL",
        "social_care_took_part": True,
        "police_took_part": True,
        "health_took_part": True,
        "participants": "Fictional people",
        "missing_agency_reason": "",
        "information_shared": "",
        "section_47_decision": Section47Decision.JOINT,
    }
    return {**fields, **overrides}


def test_r3_a_section_47_enquiry_sets_the_initial_conference_15_working_days_on():
    worker, episode = allocated(referral_date=datetime.date(2026, 3, 2))
    services.record_strategy_discussion(
        by=worker,
        episode=episode,
        chair=worker,
        children_considered=[episode.child],
        **discussion_fields(),
    )
    enquiry = Section47Enquiry.objects.get()
    assert enquiry.initial_conference_due == datetime.date(2026, 3, 24)
    assert enquiry.initial_conference_due.weekday() < 5


def test_r9_strategy_discussion_without_police_or_health_needs_a_reason():
    worker, episode = allocated(referral_date=datetime.date(2026, 3, 2))
    with pytest.raises(PathwayRefused, match="needs the police and health") as refusal:
        services.record_strategy_discussion(
            by=worker,
            episode=episode,
            chair=worker,
            children_considered=[episode.child],
            **discussion_fields(police_took_part=False, health_took_part=False),
        )
    assert refusal.value.field == "missing_agency_reason"
    assert not StrategyDiscussion.objects.exists() and not Section47Enquiry.objects.exists()
    services.record_strategy_discussion(
        by=worker,
        episode=episode,
        chair=worker,
        children_considered=[episode.child],
        **discussion_fields(
            police_took_part=False,
            health_took_part=False,
            missing_agency_reason="Out of hours; police and GP called next day",
        ),
    )


def test_r10_every_child_in_the_household_must_be_considered():
    worker, episode = allocated(referral_date=datetime.date(2026, 3, 2))
    sibling = ChildFactory(first_name="Fictional", last_name="Sibling")
    home = Household.objects.create(name="Home")
    HouseholdMember.objects.create(household=home, child=episode.child)
    HouseholdMember.objects.create(household=home, child=sibling)
    with pytest.raises(PathwayRefused, match="Also consider Fictional Sibling"):
        services.record_strategy_discussion(
            by=worker,
            episode=episode,
            chair=worker,
            children_considered=[episode.child],
            **discussion_fields(),
        )
    assert not StrategyDiscussion.objects.exists()


def test_r11_section_47_outcomes_are_the_configured_codes():
    from safetymap.cases.forms import EnquiryCompleteForm

    form = EnquiryCompleteForm(
        data={
            "completed_on-day": "5",
            "completed_on-month": "3",
            "completed_on-year": "2026",
            "outcome": "MADE_UP",
            "findings": "x",
        }
    )
    assert not form.is_valid() and "outcome" in form.errors


def test_r35_categories_of_abuse_are_the_four_and_multiple_is_never_chosen():
    from safetymap.cases.codes import CategoryOfAbuse as C

    assert set(C.values) == {"NEG", "PHY", "EMO", "SAB"}


def test_r37_previous_plans_are_counted_from_the_record():
    child = ChildFactory()
    first = ChildProtectionPlanFactory(
        episode=EpisodeFactory(child=child, referral_date=datetime.date(2022, 1, 3)),
        ended_on=datetime.date(2022, 9, 1),
    )
    second = ChildProtectionPlanFactory(
        episode=EpisodeFactory(child=child, referral_date=datetime.date(2025, 1, 6))
    )
    assert previous_cp_plan_counts(child.pk) == {first.pk: 0, second.pk: 1}


def decision(worker, **overrides):
    """A complete initial conference decision (R12) with an independent chair (R13)."""
    fields = {
        "started_on": TODAY(),
        "category": CategoryOfAbuse.EMOTIONAL,
        "chair": UserFactory(roles=[Role.CONFERENCE_CHAIR]),
        "threshold_rationale": "Harm shown and further harm likely without a plan",
        "lead_social_worker": worker,
        "core_group_members": "Mum, Dad, school DSL, health visitor",
        "first_core_group_on": TODAY(),
        "first_review_on": TODAY() + datetime.timedelta(days=60),
        "outline_action": "Agree a safety plan with the network",
        "outline_action_owner": "Social worker and family",
        "outline_action_due": TODAY() + datetime.timedelta(days=14),
    }
    return {**fields, **overrides}


def test_only_one_child_protection_plan_at_a_time():
    worker, episode = allocated(referral_date=TODAY() - datetime.timedelta(days=30))
    services.start_cp_plan(by=worker, episode=episode, **decision(worker))
    with pytest.raises(PathwayRefused, match="already on a child protection plan"):
        services.start_cp_plan(by=worker, episode=episode, **decision(worker))


def test_r12_a_plan_decision_needs_every_part_of_the_decision():
    worker, episode = allocated(referral_date=TODAY() - datetime.timedelta(days=30))
    with pytest.raises(PathwayRefused) as refusal:
        services.start_cp_plan(
            by=worker, episode=episode, started_on=TODAY(), category=CategoryOfAbuse.NEGLECT
        )
    assert {field for _, field in refusal.value.problems} == {
        "chair",
        "threshold_rationale",
        "lead_social_worker",
        "core_group_members",
        "first_core_group_on",
        "first_review_on",
        "outline_action",
        "outline_action_owner",
        "outline_action_due",
    }
    assert not episode.cp_plans.exists()


def test_r12_the_first_core_group_and_review_dates_keep_to_r5_and_r6():
    worker, episode = allocated(referral_date=TODAY() - datetime.timedelta(days=30))
    late = decision(
        worker,
        first_core_group_on=TODAY() + datetime.timedelta(days=30),
        first_review_on=TODAY() + datetime.timedelta(days=120),
    )
    with pytest.raises(PathwayRefused) as refusal:
        services.start_cp_plan(by=worker, episode=episode, **late)
    messages = " ".join(m for m, _ in refusal.value.problems)
    assert "within 10 working days" in messages and "within 3 months" in messages


def test_r13_the_chair_is_not_the_allocated_worker_or_their_team_manager():
    worker, episode = allocated(referral_date=TODAY() - datetime.timedelta(days=30))
    manager = UserFactory(roles=[Role.TEAM_MANAGER, Role.CONFERENCE_CHAIR])
    team = episode.allocations.get().team
    team.manager = manager
    team.save()
    for chair in (manager, worker):
        with pytest.raises(PathwayRefused, match="independent conference chair"):
            services.start_cp_plan(by=worker, episode=episode, **decision(worker, chair=chair))


def test_r14_dissent_is_recorded_with_who_dissented():
    worker, episode = allocated(referral_date=TODAY() - datetime.timedelta(days=30))
    with pytest.raises(PathwayRefused, match="who dissented"):
        services.start_cp_plan(
            by=worker,
            episode=episode,
            **decision(worker, dissent_summary="Police felt CIN was enough"),
        )
    plan = services.start_cp_plan(
        by=worker,
        episode=episode,
        **decision(
            worker,
            dissent_by="DC Fictional, police",
            dissent_summary="Felt a child in need plan was enough",
        ),
    )
    assert plan.dissent_by == "DC Fictional, police"


def test_r15_a_plan_ends_outside_a_review_conference_only_with_agencies_consulted():
    worker, episode = allocated(referral_date=TODAY() - datetime.timedelta(days=100))
    plan = ChildProtectionPlanFactory(episode=episode)
    with pytest.raises(PathwayRefused, match="agencies consulted"):
        services.end_cp_plan(
            by=worker,
            plan=plan,
            ended_on=TODAY(),
            reason=PlanEndReason.LEFT_UK,
        )
    asked = services.end_cp_plan(
        by=worker,
        plan=plan,
        ended_on=TODAY(),
        reason=PlanEndReason.LEFT_UK,
        agencies_consulted="School, health visitor and police agreed",
    )
    plan.refresh_from_db()
    assert plan.ended_on is None  # until a manager authorises it
    authorise_as_manager(asked)
    plan.refresh_from_db()
    assert plan.ended_on == TODAY()


def test_r16_ending_a_plan_never_closes_the_episode():
    worker, episode = allocated(referral_date=TODAY() - datetime.timedelta(days=100))
    plan = ChildProtectionPlanFactory(episode=episode)
    services.end_cp_plan(
        by=worker,
        plan=plan,
        ended_on=TODAY(),
        reason=PlanEndReason.REVIEW_CONFERENCE,
    )
    episode.refresh_from_db()
    assert episode.is_open


def test_r16_each_agency_is_emailed_without_the_childs_name_and_delivery_is_recorded(
    mailoutbox, django_capture_on_commit_callbacks
):
    worker, episode = allocated(referral_date=TODAY() - datetime.timedelta(days=100))
    plan = ChildProtectionPlanFactory(episode=episode)
    school = OrganisationFactory(secure_email="dsl@school.example")
    police = OrganisationFactory(secure_email="")
    # No conference in the system: the child's school and GP are told.
    episode.child.school, episode.child.gp = school, police
    episode.child.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.end_cp_plan(
            by=worker,
            plan=plan,
            ended_on=TODAY(),
            reason=PlanEndReason.REVIEW_CONFERENCE,
        )
    assert [message.to for message in mailoutbox] == [["dsl@school.example"]]
    body = mailoutbox[0].body
    child = episode.child
    assert child.la_child_id in body
    assert child.first_name not in body and child.last_name not in body
    notices = {notice.organisation: notice for notice in plan.end_notices.all()}
    assert notices[school].sent_at is not None
    assert notices[police].sent_at is None and "no secure email" in notices[police].failure


def test_r4_a_transfer_in_conference_is_due_15_working_days_after_the_council_is_told():
    worker, episode = allocated(referral_date=datetime.date(2025, 12, 15))
    transfer = services.record_transfer_in(
        by=worker,
        episode=episode,
        notified_on=datetime.date(2025, 12, 15),
        from_authority="Fictional County Council",
        their_plan_started_on=datetime.date(2025, 6, 2),
        their_category=CategoryOfAbuse.NEGLECT,
    )
    # 15 working days over Christmas: 25 and 26 December and 1 January are not working days.
    assert transfer.conference_due == datetime.date(2026, 1, 8)
    items = {item.rule: item for item in pathway.due_items(episode)}
    assert items["R4"].due == transfer.conference_due and items["R4"].done is None


def transfer_in(worker, episode, notified_on):
    return services.record_transfer_in(
        by=worker,
        episode=episode,
        notified_on=notified_on,
        from_authority="Fictional County Council",
        their_plan_started_on=notified_on - datetime.timedelta(days=90),
        their_category=CategoryOfAbuse.PHYSICAL,
    )


def test_r4_the_plan_continues_here_from_the_transfer_in_conference():
    worker, episode = allocated(referral_date=TODAY() - datetime.timedelta(days=10))
    transfer = transfer_in(worker, episode, TODAY() - datetime.timedelta(days=10))
    plan = services.start_cp_plan(by=worker, episode=episode, **decision(worker))
    transfer.refresh_from_db()
    assert plan.transfer_in == transfer
    assert transfer.conference_held_on == TODAY() and transfer.plan_continues is True
    steps = [step.label for step in pathway.next_steps(episode)]
    assert not any("transfer-in" in label for label in steps)


def test_r4_a_late_transfer_in_conference_needs_a_reason():
    worker, episode = allocated(referral_date=TODAY() - datetime.timedelta(days=60))
    transfer = transfer_in(worker, episode, TODAY() - datetime.timedelta(days=60))
    with pytest.raises(PathwayRefused, match="transfer-in conference was due by"):
        services.record_transfer_in_without_plan(by=worker, transfer=transfer, held_on=TODAY())
    with pytest.raises(PathwayRefused, match="transfer-in conference was due by") as refused:
        services.start_cp_plan(by=worker, episode=episode, **decision(worker))
    assert "conference_late_reason" in {field for _, field in refused.value.problems}
    assert not episode.cp_plans.exists()
    services.record_transfer_in_without_plan(
        by=worker, transfer=transfer, held_on=TODAY(), late_reason="Family could not be found"
    )
    transfer.refresh_from_db()
    assert transfer.plan_continues is False and transfer.late_reason


def test_r4_a_transfer_in_is_refused_for_a_child_already_on_a_plan_here():
    worker, episode = allocated(referral_date=TODAY() - datetime.timedelta(days=30))
    ChildProtectionPlanFactory(episode=episode)
    with pytest.raises(PathwayRefused, match="already on a child protection plan"):
        transfer_in(worker, episode, TODAY())


def test_r3_an_initial_conference_after_its_target_needs_a_reason():
    worker, episode = allocated(referral_date=TODAY() - datetime.timedelta(days=60))
    Section47Enquiry.objects.create(
        episode=episode,
        strategy_discussion=StrategyDiscussionFactory(episode=episode),
        started_on=TODAY() - datetime.timedelta(days=50),
        initial_conference_due=TODAY() - datetime.timedelta(days=30),
    )
    with pytest.raises(PathwayRefused, match="initial conference was due by"):
        services.start_cp_plan(by=worker, episode=episode, **decision(worker))
    plan = services.start_cp_plan(
        by=worker,
        episode=episode,
        **decision(worker, conference_late_reason="Police checks took longer than planned"),
    )
    assert plan.conference_late_reason


def test_r7_the_next_visit_is_shown_on_the_episode_counted_from_the_last_visit():
    from safetymap.cases.selectors import open_episode

    worker, episode = allocated(referral_date=TODAY() - datetime.timedelta(days=60))
    plan = ChildProtectionPlanFactory(
        episode=episode, started_on=TODAY() - datetime.timedelta(days=40)
    )
    services.add_case_note(
        by=worker,
        child=episode.child,
        happened_on=TODAY() - datetime.timedelta(days=3),
        note_type="VISIT",
        text="Saw Amara at home",
    )
    loaded = open_episode(worker, episode.pk)
    visit = next(item for item in pathway.due_items(loaded) if item.label == "Visit to the child")
    assert visit.due == pathway.next_visit_due(plan, TODAY() - datetime.timedelta(days=3))


def close(worker, episode, reason):
    return close_with_authorisation(
        worker,
        episode,
        closure_date=TODAY(),
        reason=reason,
        summary="Things are safer",
        explained_to_child="Told by letter",
    )


def test_r34_rc8_needs_an_assessment_in_the_episode():
    worker, episode = allocated(referral_date=TODAY() - datetime.timedelta(days=20))
    with pytest.raises(PathwayRefused, match="needs a completed assessment"):
        close(worker, episode, ClosureReason.RC8)
    episode.refresh_from_db()
    assert episode.is_open


def test_r34_rc8_is_refused_after_a_section_47_enquiry_or_plan():
    worker, episode = allocated(referral_date=TODAY() - datetime.timedelta(days=20))
    AssessmentFactory(
        episode=episode, completed_on=TODAY(), outcome=AssessmentOutcome.NO_FURTHER_ACTION
    )
    ChildProtectionPlanFactory(episode=episode, ended_on=TODAY())
    with pytest.raises(PathwayRefused, match="cannot be used"):
        close(worker, episode, ClosureReason.RC8)


def test_closing_ends_the_allocation_and_keeps_it_in_history():
    worker, episode = allocated(referral_date=TODAY() - datetime.timedelta(days=20))
    AssessmentFactory(
        episode=episode, completed_on=TODAY(), outcome=AssessmentOutcome.NO_FURTHER_ACTION
    )
    close(worker, episode, ClosureReason.RC8)
    episode.refresh_from_db()
    assert episode.closure_reason == ClosureReason.RC8
    assert episode.allocations.get().ended_on == TODAY()
    assert AuditEvent.objects.filter(action=Action.UPDATE, subject_type="cases.Episode").exists()


def test_an_open_plan_must_end_before_closure():
    worker, episode = allocated(referral_date=TODAY() - datetime.timedelta(days=20))
    ChildProtectionPlanFactory(episode=episode)
    with pytest.raises(PathwayRefused, match="End the child protection plan"):
        close(worker, episode, ClosureReason.RC7)


def test_a_closed_episode_takes_no_more_steps():
    worker, episode = allocated(referral_date=TODAY() - datetime.timedelta(days=20))
    close(worker, episode, ClosureReason.RC7)
    with pytest.raises(PathwayRefused, match="This episode closed on"):
        services.start_assessment(by=worker, episode=episode, started_on=TODAY())


def test_reallocation_ends_the_previous_allocation_the_day_before():
    worker, episode = allocated(referral_date=TODAY() - datetime.timedelta(days=20))
    manager = UserFactory(roles=[Role.TEAM_MANAGER])
    allocation = episode.allocations.get()
    allocation.team.members.add(manager)
    newcomer = UserFactory(roles=[Role.SOCIAL_WORKER])
    services.allocate(
        by=manager, episode=episode, worker=newcomer, team=allocation.team, started_on=TODAY()
    )
    allocation.refresh_from_db()
    assert allocation.ended_on == TODAY() - datetime.timedelta(days=1)
    assert episode.allocations.filter(ended_on__isnull=True).get().worker == newcomer


def test_a_worker_cannot_record_steps_for_a_child_they_cannot_see():
    stranger = UserFactory(roles=[Role.SOCIAL_WORKER])
    episode = EpisodeFactory()
    with pytest.raises(PathwayRefused, match="do not have access"):
        services.start_assessment(by=stranger, episode=episode, started_on=episode.referral_date)
    assert not Episode.objects.get().assessments.exists()


def on_a_plan(started_on: datetime.date, **child_fields):
    worker, episode = allocated(
        referral_date=started_on - datetime.timedelta(days=20), child=ChildFactory(**child_fields)
    )
    return worker, ChildProtectionPlanFactory(episode=episode, started_on=started_on)


def test_r5_first_core_group_is_due_10_working_days_after_the_initial_conference():
    from safetymap.cases.pathway import next_core_group_due

    _, plan = on_a_plan(datetime.date(2025, 3, 20))
    assert next_core_group_due(plan) == datetime.date(2025, 4, 3)  # Appendix B


def test_r5_a_late_core_group_needs_a_reason():
    worker, plan = on_a_plan(datetime.date(2026, 1, 5))
    with pytest.raises(PathwayRefused, match="core group meeting was due by") as refusal:
        services.record_core_group(
            by=worker,
            plan=plan,
            held_on=datetime.date(2026, 2, 2),
            attended_by="Family and school",
            notes="",
        )
    assert refusal.value.field == "late_reason"
    assert not plan.core_groups.exists()


def test_r6_first_review_within_3_months_then_every_6():
    from safetymap.cases.pathway import next_review_due

    worker, plan = on_a_plan(datetime.date(2025, 3, 20))
    assert next_review_due(plan) == datetime.date(2025, 6, 20)  # Appendix B
    services.record_review_conference(
        by=worker,
        plan=plan,
        held_on=datetime.date(2025, 6, 18),
        plan_continues=True,
        latest_category=CategoryOfAbuse.EMOTIONAL,
        summary="Continue",
    )
    plan.refresh_from_db()
    assert next_review_due(plan) == datetime.date(2025, 12, 18)


def test_r8_the_review_comes_before_the_eighteenth_birthday():
    from safetymap.cases.pathway import next_review_due

    _, plan = on_a_plan(datetime.date(2025, 3, 20), date_of_birth=datetime.date(2007, 5, 1))
    assert next_review_due(plan) < datetime.date(2025, 5, 1)


def test_a_review_that_ends_the_plan_ends_it_and_keeps_the_episode_open():
    worker, plan = on_a_plan(datetime.date(2026, 1, 5))
    services.record_review_conference(
        by=worker,
        plan=plan,
        held_on=datetime.date(2026, 3, 30),
        plan_continues=False,
        latest_category=CategoryOfAbuse.NEGLECT,
        summary="Enough safety for the plan to end",
    )
    plan.refresh_from_db()
    assert plan.ended_on == datetime.date(2026, 3, 30)
    assert plan.end_reason == PlanEndReason.REVIEW_CONFERENCE and plan.episode.is_open


def test_the_front_door_sees_and_decides_every_contact_awaiting_a_decision():
    from safetymap.cases.selectors import contacts_awaiting_decision, open_contact

    front_door = UserFactory(roles=[Role.FRONT_DOOR_PRACTITIONER])
    contact = ContactFactory()
    assert list(contacts_awaiting_decision(front_door)) == [contact]
    assert open_contact(front_door, contact.pk) == contact
    services.decide_contact(
        by=front_door,
        contact=contact,
        decision=ContactDecision.ADVICE,
        rationale="Signposted to the food bank",
    )
    view = AuditEvent.objects.filter(action=Action.VIEW).first()
    assert view.basis == "front door: contact awaiting a decision"


def test_other_workers_do_not_see_contacts_about_children_they_cannot_see():
    from django.http import Http404

    from safetymap.cases.selectors import contacts_awaiting_decision, open_contact

    worker = UserFactory(roles=[Role.SOCIAL_WORKER])
    contact = ContactFactory()
    assert not contacts_awaiting_decision(worker).exists()
    with pytest.raises(Http404):
        open_contact(worker, contact.pk)


def test_r17_off_by_default_a_first_review_can_end_the_plan():
    worker, plan = on_a_plan(datetime.date(2026, 1, 5))
    services.record_review_conference(
        by=worker,
        plan=plan,
        held_on=datetime.date(2026, 3, 30),
        plan_continues=False,
        latest_category=CategoryOfAbuse.NEGLECT,
        summary="Safe enough",
    )


def test_r17_when_turned_on_ending_at_the_first_review_needs_exceptional_circumstances(settings):
    settings.SAFETYMAP_R17_FIRST_REVIEW_ENDS_PLAN_ONLY_EXCEPTIONALLY = True
    worker, plan = on_a_plan(datetime.date(2026, 1, 5))
    review = {
        "by": worker,
        "plan": plan,
        "held_on": datetime.date(2026, 3, 30),
        "plan_continues": False,
        "latest_category": CategoryOfAbuse.NEGLECT,
        "summary": "Safe enough",
    }
    with pytest.raises(PathwayRefused, match="exceptional circumstances") as refusal:
        services.record_review_conference(**review)
    assert refusal.value.field == "exceptional_circumstances" and not plan.reviews.exists()
    services.record_review_conference(
        **review,
        exceptional_circumstances="Family moved abroad permanently; receiving authority informed",
    )
    plan.refresh_from_db()
    assert plan.ended_on == datetime.date(2026, 3, 30)


def test_r33_closing_after_a_plan_needs_a_final_closure_map_and_the_network():
    from safetymap.mapping import services as map_services

    worker, episode = allocated(referral_date=TODAY() - datetime.timedelta(days=200))
    ChildProtectionPlanFactory(episode=episode, ended_on=TODAY())
    with pytest.raises(PathwayRefused) as refusal:
        close(worker, episode, ClosureReason.RC7)
    assert len(refusal.value.problems) == 2
    closure_map = map_services.start_map(
        by=worker, episode=episode, context="CLOSURE", held_on=TODAY()
    )
    map_services.rate(
        by=worker,
        sos_map=closure_map,
        rater_group="PROFESSIONAL",
        rater="Social worker",
        value=8,
        reason="Six calm months",
    )
    map_services.finalise(by=worker, sos_map=closure_map)
    close_with_authorisation(
        worker,
        episode,
        closure_date=TODAY(),
        reason=ClosureReason.RC7,
        summary="Safe",
        explained_to_child="Told",
        network_continuation="Nan checks in every Sunday",
    )
    episode.refresh_from_db()
    assert episode.network_continuation.startswith("Nan")
