"""The demo's conferences for Zara and Musa (the fictional Larkford family): the initial
conference that started their plans, held and distributed, with two agency reports, the record
(its documents are made from it on request) and who came; and their next review conference,
scheduled and waiting for the agencies' reports.

Written as records, not through the services, so the audit trail does not claim that demo users
did them (as the other demo loaders do)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from safetymap.accounts.models import User
from safetymap.cases.models import ChildProtectionPlan
from safetymap.cases.pathway import next_review_due
from safetymap.conferences.models import (
    AgencyReport,
    ChildViews,
    Conference,
    ConferenceEmail,
    Decision,
    Invitation,
    ReportScale,
)
from safetymap.core.workdays import add_working_days, working_days_before
from safetymap.mapping.models import SoSMap
from safetymap.people.models import Child

ZARA, MUSA = "LRK0000301", "LRK0000302"
WORKER = "social.worker@larkford.example"
CHAIR = "conference.chair@larkford.example"
SCHOOL = "school.dsl@larkford.example"
HEALTH = "health.visitor@larkford.example"
POLICE = "police.officer@larkford.example"

REPORTS = {
    SCHOOL: {
        "involvement": "Zara has been at Meadowbank since reception and Musa since September. "
        "We have offered Zara time with the learning mentor since the summer.",
        "past_harm": "Zara told her teacher she hid under her bed when Dad shouted and pushed "
        "Mum. She has missed six Mondays this term.",
        "future_danger": "Zara could keep missing school to look after Mum, and both children "
        "could be hurt if they are in the room when the adults fight.",
        "complicating_factors": "Dad drinks at weekends; Mum says she feels alone.",
        "working_well": "Mum brings both children on time on most days and talks to us openly.",
        "needs_to_happen": "Zara in school every day and telling us she feels safe at home.",
        "child_views": "Zara said: 'I want Dad to stop shouting and I want to go to football.'",
        "family_views": "Mum wants help for Dad's drinking; Dad says it is not that bad.",
        # R39: seen by the chair and children's social care only (fictional).
        "restricted_information": "A neighbour told our office manager, and asked us not to "
        "say who told us, that she hears shouting most Friday nights.",
        "recommendation": "CP_PLAN",
        "scales": {
            ZARA: (3, "Zara is frightened and missing school."),
            MUSA: (4, "Musa is happy at school but was in the next room."),
        },
    },
    HEALTH: {
        "involvement": "Health visiting since Musa's birth; reviews at 1 and 2 years, and a "
        "visit after the police call-out.",
        "past_harm": "Mum had a bruise on her arm at our visit and said Dad had pushed her.",
        "future_danger": "The children could be hurt, or grow up believing hurting people is "
        "normal.",
        "complicating_factors": "",
        "working_well": "Both children are well, up to date with their checks and close to Mum "
        "and Auntie Noor.",
        "needs_to_happen": "No more fighting at home; Mum can ring someone when she is worried.",
        "child_views": "",
        "family_views": "Mum agrees the children should not see the arguments.",
        "recommendation": "CP_PLAN",
        "scales": {
            ZARA: (4, "Well cared for; the worry is the fighting."),
            MUSA: (4, "Thriving, but the same worry."),
        },
    },
}


def _invite(conference, user=None, **fields) -> Invitation:
    if user is not None:
        fields |= {
            "kind": "PROFESSIONAL",
            "user": user,
            "organisation": user.organisation,
            "name": user.full_name,
            "email": user.email,
            "respondent_type": "PROFESSIONAL",
        }
    else:
        fields |= {"kind": "FAMILY"}
    return Invitation.objects.create(conference=conference, **fields)


def load_conferences_demo() -> None:
    if Conference.objects.exists():
        return
    zara = Child.objects.filter(la_child_id=ZARA).first()
    if zara is None:
        return
    musa = Child.objects.get(la_child_id=MUSA)
    worker, chair = User.objects.get(email=WORKER), User.objects.get(email=CHAIR)
    school, health = User.objects.get(email=SCHOOL), User.objects.get(email=HEALTH)
    police = User.objects.get(email=POLICE)
    plans = {
        p.episode.child.la_child_id: p
        for p in ChildProtectionPlan.objects.filter(episode__child__in=[zara, musa]).select_related(
            "episode__child"
        )
    }
    plan = plans[ZARA]
    episode, held = plan.episode, plan.started_on
    enquiry = episode.enquiries.first()
    first_map = SoSMap.objects.filter(episode=episode).order_by("version").first()
    when = timezone.make_aware(datetime.datetime.combine(held, datetime.time(10, 0)))

    initial = Conference.objects.create(
        episode=episode,
        conference_type="ICPC",
        stage="DISTRIBUTED",
        requested_by=worker,
        request_reason="The section 47 enquiry found the children had seen and heard violence "
        "at home and were frightened.",
        due_on=enquiry.initial_conference_due if enquiry else None,
        scheduled_on=held,
        starts_at=datetime.time(10, 0),
        venue="Larkford Civic Centre, room 2",
        chair=chair,
        sos_map=first_map,
        held_on=held,
        chair_met_family=True,
        family_and_network="Samira (Mum), Callum (Dad, living at Grandad's for now), Zara (9) "
        "and Musa (6). Auntie Noor and Grandad Jamie help.",
        brought_here="Police were called to the home twice in a month after Callum shouted at "
        "and pushed Samira with the children in the next room.",
        parents_views="Samira wants the fighting to stop and help for Callum. Callum agrees he "
        "shouted; he does not agree he pushed Samira.",
        understanding_checked=True,
        core_group_members=plan.core_group_members,
        first_core_group_on=plan.first_core_group_on,
        next_review_on=plan.first_review_on,
        contingency="If the fighting happens again, Samira takes the children to Auntie Noor's "
        "and the social worker calls a network meeting within 2 working days.",
        approved_by=chair,
        approved_at=when + datetime.timedelta(days=2),
        distributed_at=when + datetime.timedelta(days=3),
    )
    initial.children.set([zara, musa])
    invitations = {
        SCHOOL: _invite(
            initial,
            school,
            role="Designated safeguarding lead",
            report_requested=True,
            attendance="PRESENT",
            invited_by=worker,
        ),
        HEALTH: _invite(
            initial,
            health,
            role="Health visitor",
            report_requested=True,
            attendance="PRESENT",
            invited_by=worker,
        ),
        POLICE: _invite(
            initial, police, role="Safeguarding unit", attendance="PRESENT", invited_by=worker
        ),
    }
    _invite(
        initial,
        name="Samira Fictional-Hussain",
        relationship="Mother",
        respondent_type="PARENT_CARER",
        attendance="PRESENT",
        invited_by=worker,
    )
    _invite(
        initial,
        name="Callum Fictional-Reid",
        relationship="Father",
        respondent_type="PARENT_CARER",
        attendance="EXCLUDED_PART",
        excluded_from=["brought_here"],
        exclusion_reason="Police information about the call-outs was shared while Callum "
        "was out of the room (the chair's decision).",
        invited_by=worker,
    )
    for email, content in REPORTS.items():
        content = dict(content)
        scales = content.pop("scales")
        report = AgencyReport.objects.create(
            conference=initial,
            invitation=invitations[email],
            organisation=invitations[email].organisation,
            author=invitations[email].user,
            due_on=working_days_before(held, 2),
            status="SUBMITTED",
            submitted_at=when - datetime.timedelta(days=3),
            shared_with_family_on=held - datetime.timedelta(days=4),
            **content,
        )
        for child_id, (value, reason) in scales.items():
            ReportScale.objects.create(
                report=report,
                child=zara if child_id == ZARA else musa,
                value=value,
                reason=reason,
            )
    ChildViews.objects.create(
        conference=initial,
        child=zara,
        kind="WRITTEN",
        recorded_by=worker,
        text="Zara said: 'I want Dad to stop shouting. I feel safe at Auntie Noor's.'",
    )
    ChildViews.objects.create(
        conference=initial,
        child=musa,
        kind="WRITTEN",
        recorded_by=worker,
        text="Musa drew his family and said: 'Dad is at Grandad's. I miss him.'",
    )
    for child in (zara, musa):
        Decision.objects.create(
            conference=initial,
            child=child,
            outcome="CP_PLAN",
            reason=plan.threshold_rationale,
            agency_views="School: plan. Health visiting: plan. Police: a child in need plan.",
            plan=plans[child.la_child_id],
            recorded_by=worker,
        )
    for invitation in initial.invitations.exclude(email=""):
        ConferenceEmail.objects.create(
            conference=initial,
            invitation=invitation,
            kind="INVITATION",
            sent_at=when - datetime.timedelta(days=9),
        )

    # The next review conference: scheduled, invitations sent, reports awaited.
    today = timezone.localdate()
    due = next_review_due(plan)
    day = due if due > today else add_working_days(today, 5)
    review = Conference.objects.create(
        episode=episode,
        conference_type="RCPC",
        stage="REPORTS_DUE",
        requested_by=worker,
        request_reason="The plan's next review.",
        due_on=due,
        scheduled_on=day,
        starts_at=datetime.time(14, 0),
        venue="Larkford Civic Centre, room 2",
        late_reason="" if day <= due else "Demo data: the review is kept in the future.",
        chair=chair,
    )
    review.children.set([zara, musa])
    for user, role in ((school, "Designated safeguarding lead"), (health, "Health visitor")):
        invitation = _invite(review, user, role=role, report_requested=True, invited_by=worker)
        ConferenceEmail.objects.create(
            conference=review, invitation=invitation, kind="INVITATION", sent_at=timezone.now()
        )
        ConferenceEmail.objects.create(
            conference=review, invitation=invitation, kind="REPORT_REQUEST", sent_at=timezone.now()
        )
    _invite(
        review,
        name="Samira Fictional-Hussain",
        relationship="Mother",
        respondent_type="PARENT_CARER",
        invited_by=worker,
    )
