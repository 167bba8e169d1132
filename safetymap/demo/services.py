"""Loading the demo borough. One transaction: a half-loaded demo would be worse than none."""

from __future__ import annotations

import datetime
import hashlib
import json

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from safetymap.access.models import DutyShift
from safetymap.accounts.models import Organisation, Team, User
from safetymap.accounts.role_groups import groups_for
from safetymap.accounts.second_step import new_backup_codes
from safetymap.audit.models import Action
from safetymap.audit.services import record
from safetymap.cases import timescales
from safetymap.cases.codes import AssessmentOutcome
from safetymap.cases.models import (
    Allocation,
    Assessment,
    Authorisation,
    CaseNote,
    ChildInNeedPlan,
    ChildInNeedPlanAction,
    ChildInNeedVisit,
    ChildProtectionPlan,
    Contact,
    CoreGroupMeeting,
    CoreGroupMembership,
    Episode,
    QueueEntry,
    ReviewConference,
    Section47Enquiry,
    SignificantEvent,
    StrategyDiscussion,
)
from safetymap.conferences.demo import load_conferences_demo
from safetymap.demo import data, families
from safetymap.feedback.demo import load_feedback_demo
from safetymap.mapping import scaling
from safetymap.mapping.codes import MapStatus
from safetymap.mapping.models import (
    DangerStatement,
    EscalationResponse,
    MapItem,
    SafetyGoal,
    ScaleRating,
    SoSMap,
)
from safetymap.mapping.services import content_of
from safetymap.partnership.demo import load_partnership_demo
from safetymap.people.models import Child, Household, HouseholdMember, Person, Relationship
from safetymap.people.services import store_search_keys
from safetymap.retention.demo import load_retention_demo
from safetymap.safety.demo import load_safety_demo
from safetymap.voice.demo import load_voice_demo


class NotADemoDatabase(Exception):
    """The database holds accounts that are not the demo's: it may be a real one."""


def database_is_empty() -> bool:
    return not User.objects.exists()


def _refuse_unless_demo_database() -> None:
    demo_emails = [person.email for person in data.USERS]
    others = User.objects.exclude(email__in=demo_emails).count()
    if others:
        raise NotADemoDatabase(
            f"This database has {others} accounts that are not in the demo, so it may hold real "
            "records. The demo is only loaded into an empty database or a demo one."
        )


@transaction.atomic
def load_demo(password: str) -> list[data.DemoUser]:
    """Create the demo organisations and one user per role. Safe to run twice."""
    _refuse_unless_demo_database()
    organisations: dict[str, Organisation] = {}
    for org in data.ORGANISATIONS:
        organisations[org.name], _ = Organisation.objects.get_or_create(
            name=org.name,
            defaults={
                "organisation_type": org.organisation_type,
                "urn": org.urn,
                "ods_code": org.ods_code,
            },
        )
    for person in data.USERS:
        user, created = User.objects.get_or_create(
            email=person.email,
            defaults={
                "full_name": person.full_name,
                "job_title": person.job_title,
                "organisation": organisations[person.organisation],
            },
        )
        if created:
            user.set_password(password)
            user.save(update_fields=["password"])
            user.groups.set(groups_for(person.roles))
            record(
                actor=None,
                actor_label="load_demo",
                action=Action.CREATE,
                subject=user,
                basis="demo data",
            )
    renew_demo_backup_codes()
    _load_families(organisations[data.LARKFORD_CSC])
    _load_pathway_history(organisations)
    _load_maps()
    load_voice_demo()
    load_safety_demo()
    load_conferences_demo()
    load_partnership_demo()
    load_feedback_demo()
    load_retention_demo()
    _load_duty_rota()
    return list(data.USERS)


def renew_demo_backup_codes() -> None:
    """Give every demo account the printed backup codes again (the second sign-in step)."""
    _refuse_unless_demo_database()
    for user in User.objects.filter(email__in=[person.email for person in data.USERS]):
        new_backup_codes(user, list(data.DEMO_BACKUP_CODES))


def _load_families(csc: Organisation) -> None:
    today = timezone.localdate()
    users = {u.email: u for u in User.objects.filter(email__in=[p.email for p in data.USERS])}
    teams: dict[str, Team] = {}
    for name, spec in families.TEAMS.items():
        team, _ = Team.objects.get_or_create(
            organisation=csc,
            name=name,
            defaults={
                "manager": users[spec["manager"]],
                "service_manager": users[spec["service_manager"]],
                "receives_new_referrals": spec.get("receives_new_referrals", False),
            },
        )
        team.members.set([users[email] for email in spec["members"]])
        teams[name] = team
    for family in families.FAMILIES:
        if Child.objects.filter(la_child_id=family.children[0].la_child_id).exists():
            continue
        household = Household.objects.create(name=family.household)
        children = []
        for spec in family.children:
            child = Child.objects.create(
                la_child_id=spec.la_child_id,
                first_name=spec.first_name,
                last_name=spec.last_name,
                known_as=spec.known_as,
                sex=spec.sex,
                ethnicity=spec.ethnicity,
                nhs_number=spec.nhs_number,
                first_language=spec.first_language,
                interpreter_needed=spec.interpreter_needed,
                date_of_birth=families.birth_date(spec, today),
                expected_date_of_birth=families.due_date(spec, today),
            )
            store_search_keys(child)
            HouseholdMember.objects.create(household=household, child=child)
            children.append(child)
        for adult in family.adults:
            person = Person.objects.create(first_name=adult.first_name, last_name=adult.last_name)
            if adult.lives_in_household:
                HouseholdMember.objects.create(household=household, person=person)
            for child in children:
                Relationship.objects.create(
                    child=child,
                    person=person,
                    relationship_type=adult.relationship,
                    has_parental_responsibility=adult.has_parental_responsibility,
                    lives_in_household=adult.lives_in_household,
                    contact_arrangements=adult.contact_arrangements,
                )
        plan = family.episode
        for child in children:
            episode = Episode.objects.create(
                child=child,
                referral_date=today - datetime.timedelta(days=plan.referred_days_ago),
                referral_source=plan.source,
                primary_need=plan.primary_need,
                closure_date=(today - datetime.timedelta(days=plan.closed_days_ago))
                if plan.closed_days_ago
                else None,
                closure_reason=plan.closure_reason,
            )
            if plan.allocated_to is None:
                QueueEntry.objects.create(
                    episode=episode,
                    team=teams["Assessment team"],
                    kind=QueueEntry.Kind.NEW_REFERRAL,
                    queued_at=timezone.now() - datetime.timedelta(hours=26),
                    queued_by=users[families.FRONT_DOOR],
                )
                continue
            Allocation.objects.create(
                episode=episode,
                worker=users[plan.allocated_to],
                team=teams["Assessment team"],
                started_on=episode.referral_date + datetime.timedelta(days=1),
                ended_on=episode.closure_date,
            )


def _load_pathway_history(organisations: dict[str, Organisation]) -> None:
    """Steps already taken for the demo families, written as records (not through the services,
    so the audit trail does not claim that demo users did them)."""
    if SignificantEvent.objects.exists():
        return
    today = timezone.localdate()
    worker = User.objects.get(email=families.SOCIAL_WORKER)
    chair = User.objects.get(email="team.manager@larkford.example")
    days = datetime.timedelta
    for child in Child.objects.filter(la_child_id__in=families.ON_A_PLAN):
        episode = child.episodes.get()
        held = episode.referral_date + days(days=2)
        discussion = StrategyDiscussion.objects.create(
            episode=episode,
            held_on=held,
            meeting_format="VIRTUAL",
            chair=chair,
            police_took_part=True,
            health_took_part=True,
            participants="Tariq Team-Manager (children's social care), Pat Police-Officer "
            "(police), Hana Health-Visitor (health)",
            information_shared="Police were called to the home twice in a month after arguments.",
            section_47_decision="YES_JOINT_WITH_POLICE",
        )
        discussion.children_considered.set(Child.objects.filter(la_child_id__in=families.ON_A_PLAN))
        Section47Enquiry.objects.create(
            strategy_discussion=discussion,
            episode=episode,
            started_on=held,
            initial_conference_due=timescales.initial_conference_due(held),
            completed_on=held + days(days=12),
            outcome="ICPC",
            findings="The children have heard and seen fighting at home; Zara has been "
            "frightened and has stayed off school to look after Mum.",
        )
        plan_start = episode.referral_date + days(days=families.PLAN_STARTS_AFTER_REFERRAL)
        plan = ChildProtectionPlan.objects.create(
            episode=episode,
            started_on=plan_start,
            initial_category="EMO",
            latest_category="EMO",
            chair=User.objects.get(email="conference.chair@larkford.example"),
            lead_social_worker=worker,
            threshold_rationale="The children have seen and heard violence at home and are "
            "likely to be hurt or badly frightened again without a plan.",
            core_group_members="Samira, Callum, Auntie Noor, Sam Social-Worker, Dana School-DSL, "
            "Hana Health-Visitor",
            first_core_group_on=plan_start + days(days=9),
            first_review_on=timescales.first_review_conference_due(plan_start),
            outline_action="Agree a written safety plan with the family and the safety network",
            outline_action_owner="Samira, Callum and Sam Social-Worker",
            outline_action_due=plan_start + days(days=14),
            dissent_by="Pat Police-Officer, Northshire Police",
            dissent_summary="Thought a child in need plan would be enough because Callum has "
            "moved out for now.",
        )
        for after in families.CORE_GROUPS_AFTER_PLAN_START:
            if plan_start + days(days=after) <= today:
                CoreGroupMeeting.objects.create(
                    plan=plan,
                    held_on=plan_start + days(days=after),
                    attended_by="Samira, Callum, Sam Social-Worker, Dana School-DSL, "
                    "Hana Health-Visitor",
                    notes="Safety plan reviewed with the family and the safety network.",
                )
        # The school's and health's practitioners use Safetymap: in the core group, they see
        # the plan and the conference papers, not the rest of the record.
        for email in ("school.dsl@larkford.example", "health.visitor@larkford.example"):
            CoreGroupMembership.objects.create(
                plan=plan, user=User.objects.get(email=email), added_by=worker
            )
        for after in families.REVIEWS_AFTER_PLAN_START:
            ReviewConference.objects.create(
                plan=plan,
                held_on=plan_start + days(days=after),
                plan_continues=True,
                latest_category="EMO",
                summary="Things are better, but not yet safe enough for the plan to end.",
            )
        SignificantEvent.objects.create(
            child=child,
            occurred_on=episode.referral_date,
            what_happened="Police called to the home after Callum shouted at and pushed Samira.",
            source="Police notification",
            significance="HIGH",
            recorded_by=worker,
            impact_on_child=f"{child.first_name} was in the next room and was frightened.",
        )
        CaseNote.objects.create(
            child=child,
            happened_on=today - days(days=6),
            note_type="SEEN_ALONE",
            text=f"Saw {child.first_name} alone at school. Drew the three houses; said home is "
            "'calmer now Dad goes to Grandad's when he is cross'.",
            author=worker,
        )
    for child in Child.objects.filter(la_child_id__in=families.IN_ASSESSMENT):
        episode = child.episodes.get()
        assessment = Assessment.objects.create(
            episode=episode,
            started_on=episode.referral_date + days(days=2),
            due_on=timescales.assessment_due(episode.referral_date),
        )
        if child.la_child_id == families.ASSESSMENT_WAITING_FOR_AUTHORISATION:
            assessment.completed_on = today - days(days=1)
            assessment.outcome = AssessmentOutcome.CIN_PLAN
            assessment.analysis = (
                "Tobi is safe day to day with his grandmother's help, but Mum needs support "
                "with her health and with money. A child in need plan will give it."
            )
            assessment.save()
            Authorisation.objects.create(
                episode=episode,
                kind=Authorisation.Kind.ASSESSMENT,
                assessment=assessment,
                requested_by=worker,
                requested_at=timezone.now() - days(hours=20),
            )
    baby = Child.objects.get(la_child_id=families.ON_A_CHILD_IN_NEED_PLAN)
    cin_plan = ChildInNeedPlan.objects.create(
        episode=baby.episodes.get(),
        started_on=today - days(days=families.CIN_PLAN_STARTED_DAYS_AGO),
    )
    for what, who, by_when, done in families.CIN_PLAN_ACTIONS:
        ChildInNeedPlanAction.objects.create(
            plan=cin_plan,
            what=what,
            who=worker.full_name if who == "WORKER" else who,
            who_user=worker if who == "WORKER" else None,
            by_when=today + days(days=by_when),
            done_on=today + days(days=done) if done is not None else None,
            created_by=worker,
            changed_by=worker,
            changed_at=timezone.now(),
        )
    ChildInNeedVisit.objects.create(
        plan=cin_plan,
        visited_on=today - days(days=families.CIN_PLAN_VISIT_DAYS_AGO),
        visited_by=worker.full_name,
        seen=False,  # not born yet
        seen_alone=False,
        notes="Visited Leah at her flat. The cot has arrived and Leah is keeping her midwife "
        "appointments. She is tired and worried about the nights once the baby comes; we "
        "talked about who could stay over.",
        recorded_by=worker,
    )
    kacper = Child.objects.get(la_child_id=families.NEW_CONTACT_ABOUT)
    received = timezone.now() - days(hours=3)
    contact = Contact.objects.create(
        received_at=received,
        channel="PORTAL",
        referrer_name="Dana School-DSL",
        referrer_organisation=organisations["Meadowbank Primary School"],
        referrer_role="Designated safeguarding lead",
        worried_about="Kacper has come to school hungry three days this week and says there is "
        "no food at home since Mum lost her job.",
        working_well="Kacper is always on time and Mum came in to talk to us when asked.",
        needs_to_happen="Help for the family with food and money, and someone to check how "
        "Mum is coping.",
        referrer_scale=5,
        consent="OBTAINED",
        recorded_by=worker,
        decision_due_at=timescales.contact_decision_due_at(received),
    )
    contact.children.set([kacper])


def _load_maps() -> None:
    """Maps for Zara and Musa at each conference (final, locked, so the trajectory moves) and a
    draft at Amara and Tobi's assessment. Written as records, like the rest of the history."""
    if SoSMap.objects.exists():
        return
    worker = User.objects.get(email=families.SOCIAL_WORKER)
    chair = User.objects.get(email="conference.chair@larkford.example")
    days = datetime.timedelta
    for child in Child.objects.filter(la_child_id__in=families.ON_A_PLAN):
        plan = ChildProtectionPlan.objects.get(episode__child=child)
        previous = None
        for version, (context, after, ratings) in enumerate(families.MAP_MEETINGS, start=1):
            sos_map = SoSMap.objects.create(
                episode=plan.episode,
                context=context,
                held_on=plan.started_on + days(days=after),
                version=version,
                supersedes=previous,
                facilitator=chair,
                family_present=True,
                child_present=context == "RCPC",
                participants="Samira, Callum, Auntie Noor, Sam Social-Worker, Dana School-DSL, "
                "Pat Police-Officer, Hana Health-Visitor",
            )
            sos_map.children.set([child])
            danger = DangerStatement.objects.create(map=sos_map, seq_no=1, **families.DANGER)
            SafetyGoal.objects.create(map=sos_map, danger_statement=danger, **families.GOAL)
            for position, (category, text, source) in enumerate(families.MAP_ITEMS):
                is_step = category == "NEXT_STEP"
                MapItem.objects.create(
                    map=sos_map,
                    category=category,
                    text=text,
                    source="" if is_step else source,
                    position=position,
                    danger_statement=danger if category == "EXISTING_SAFETY" else None,
                    owner=source if is_step else "",
                    due_on=sos_map.held_on + days(days=14) if is_step else None,
                )
            scale = dict(settings.SAFETYMAP_SCALE)
            for group, values in ratings.items():
                for rater, value in zip(families.RATERS[group], values, strict=False):
                    rating = ScaleRating(
                        map=sos_map,
                        rater_group=group,
                        rater=rater,
                        value=value,
                        reason="Demo rating: see the notes of the meeting",
                        **scale,
                    )
                    rating.escalated = bool(  # R24, as the service decides it
                        scaling.escalations(
                            [rating.as_rating()],
                            threshold=settings.SAFETYMAP_ESCALATION_THRESHOLD,
                            orientation=scaling.Orientation(scale["orientation"]),
                        )
                    )
                    rating.save()
            content = json.dumps(content_of(sos_map), sort_keys=True, ensure_ascii=False)
            SoSMap.objects.filter(pk=sos_map.pk).update(
                status=MapStatus.FINAL,
                finalised_at=timezone.now(),
                finalised_by=chair,
                content_hash=hashlib.sha256(content.encode()).hexdigest(),
            )
            for rating in sos_map.ratings.filter(escalated=True):
                EscalationResponse.objects.create(
                    rating=rating,
                    action_taken=families.ESCALATION_ACTION,
                    recorded_by=chair,
                )
            previous = sos_map
    for child in Child.objects.filter(la_child_id__in=families.IN_ASSESSMENT):
        episode = child.episodes.get()
        draft = SoSMap.objects.create(
            episode=episode,
            context="ASSESSMENT",
            held_on=episode.referral_date + days(days=10),
            facilitator=worker,
            family_present=True,
            participants="Grace, Sam Social-Worker",
        )
        # Amara's and Tobi's assessment maps are each about both of them: one item is about
        # one child only.
        brother_or_sister = Child.objects.filter(la_child_id__in=families.IN_ASSESSMENT)
        draft.children.set(brother_or_sister)
        MapItem.objects.create(
            map=draft,
            category="PAST_HARM",
            source="Nursery",
            text=f"{child.first_name} said Dad shouted and threw a cup; he had a small cut.",
        ).children.set([child])
        MapItem.objects.create(
            map=draft,
            category="EXISTING_STRENGTH",
            source="Nursery",
            text="Grace brings the children to nursery every day, clean and fed.",
        )


def _load_duty_rota() -> None:
    """Tomorrow night's out-of-hours shift for the team manager, on the rota the service manager
    keeps (a shift to come: it changes nobody's sight while the demo is used today)."""
    if DutyShift.objects.exists():
        return
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    starts = timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time(17, 0)))
    DutyShift.objects.create(
        worker=User.objects.get(email="team.manager@larkford.example"),
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=15, minutes=30),
        recorded_by=User.objects.get(email="service.manager@larkford.example"),
    )
