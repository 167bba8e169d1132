"""Steps of a whole conference, for the tests that need one further along."""

from __future__ import annotations

import datetime

from django.utils import timezone

from safetymap.conferences import services
from safetymap.mapping import services as map_services
from safetymap.mapping.models import DangerStatement

DANGER = (
    "Three times since September, when Dad drank he shouted at and pushed Mum; Amy told her "
    "teacher she hid under the bed."
)
IF_NOTHING_CHANGES = "Amy and Ben could be hurt if they are close by, and grow up frightened."
RATERS = (
    ("FAMILY", "Fictional Mum", 6, "Dad has not drunk at home for 3 weeks."),
    ("PROFESSIONAL", "Fictional Teacher, school", 3, "Amy still hides at home time."),
    ("PROFESSIONAL", "Fictional Health Visitor", 4, "Ben is thriving; the worries remain."),
    ("PROFESSIONAL", "Fictional Social Worker", 3, "No safety network yet."),
)


# R39: what an agency writes in its report's restricted section (never in the documents).
RESTRICTED = "Police intelligence: Dad has a caution for a fight in 2023 (fictional, restricted)."


def submit_report(family, person, conference) -> None:
    report = services.report_for(person, conference)
    services.save_report(
        by=person,
        report=report,
        scales={family.amy.pk: (3, "Bruises twice"), family.ben.pk: (4, "We see Ben less")},
        submit=True,
        shared_with_family_on=timezone.localdate(),
        involvement="Known since 2024 (fictional).",
        past_harm="Bruises on Amy's arm twice this term (fictional).",
        future_danger="The children could be hurt (fictional).",
        working_well="Mum talks to us every day (fictional).",
        needs_to_happen="Amy says she feels safe at home (fictional).",
        restricted_information=RESTRICTED,
    )


def held(family):
    """Invited, two agencies reported and pulled into the map, a danger statement and four
    attendees' scales on the map, the meeting held today."""
    conference = family.invited()
    for person in (family.school, family.health):
        submit_report(family, person, conference)
        services.pull_report_into_map(
            by=family.worker, report=conference.reports.get(author=person)
        )
    conference.refresh_from_db()
    statement = map_services.add_danger_statement(
        by=family.worker,
        sos_map=conference.sos_map,
        who_is_worried="Children's Social Care, the school and the health visitor",
        what_happened=DANGER,
        worry_if_nothing_changes=IF_NOTHING_CHANGES,
        acknowledged_safety="Mum has asked Dad to stay at Grandad's when he drinks.",
        family_position="PARTLY",
        dispute_text="Dad agrees he shouted; he does not agree he pushed Mum.",
    )
    for group, rater, value, reason in RATERS:
        map_services.rate(
            by=family.worker,
            sos_map=conference.sos_map,
            rater_group=group,
            rater=rater,
            value=value,
            reason=reason,
            danger_statement=statement,
        )
    services.record_held(by=family.chair, conference=conference, held_on=timezone.localdate())
    return conference


def plan_details(family) -> dict:
    today = timezone.localdate()
    return {
        "category": "EMO",
        "lead_social_worker": family.worker,
        "core_group_members": "Mum, Dad, school, health visitor, social worker",
        "first_core_group_on": today + datetime.timedelta(days=7),
        "first_review_on": today + datetime.timedelta(days=60),
        "outline_action": "Dad goes to the alcohol service every week",
        "outline_action_owner": "Dad, with the alcohol service",
        "outline_action_due": today + datetime.timedelta(days=14),
        "dissent_by": "",
        "dissent_summary": "",
    }


def recorded(family):
    """Held, with attendance, each child's views and a plan decision for each child."""
    conference = held(family)
    for invitation in conference.invitations.all():
        services.record_attendance(by=family.chair, invitation=invitation, attendance="PRESENT")
    services.record_child_views(
        by=family.worker,
        conference=conference,
        child=family.amy,
        kind="WRITTEN",
        text="Amy said: I want Dad to stop shouting.",
    )
    services.record_child_views(
        by=family.worker,
        conference=conference,
        child=family.ben,
        kind="OBSERVATION",
        text="Ben (5) played happily and went to Mum for comfort.",
    )
    for child in (family.amy, family.ben):
        services.record_decision(
            by=family.worker,
            conference=conference,
            child=child,
            outcome="CP_PLAN",
            reason="Harm shown and further harm likely without a plan.",
            agency_views="School: plan. Health: plan.",
            plan=plan_details(family),
        )
    return conference


def statement_of(conference) -> DangerStatement:
    return DangerStatement.objects.get(map=conference.sos_map)
