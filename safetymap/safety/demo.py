"""The demo's safety network and safety plan, for Zara and Musa (the fictional Larkford family
on child protection plans): an active plan with an informed network, rules linked to the danger
statement, bottom lines addressed, red flags, agreements, a trajectory and monitoring checks
over the months, one of which found a rule only partly kept and asked the network to meet again
(it did). Written as records, like the rest of the demo's history. Everyone is fictional."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import timezone

from safetymap.accounts.models import User
from safetymap.cases.models import ChildProtectionPlan
from safetymap.core.workdays import add_working_days
from safetymap.mapping.models import SoSMap
from safetymap.people.models import Child, Person, Relationship
from safetymap.safety.models import (
    BottomLine,
    MeetingAttendance,
    NetworkMeeting,
    NetworkMember,
    PlanAgreement,
    PlanCheck,
    PlanRule,
    ReconveneTask,
    RedFlag,
    RuleCheck,
    SafetyNetwork,
    SafetyPlan,
    TrajectoryStep,
)

ZARA, MUSA = "LRK0000301", "LRK0000302"
WORKER = "social.worker@larkford.example"
MANAGER = "team.manager@larkford.example"

PEOPLE = (  # first, last, sex, relationship type, relationship to the family, phone
    ("Noor", "Fictional-Hussain", "2", "AUNT_UNCLE", "Samira's sister", "07700 900123"),
    ("Jamie", "Fictional-Reid", "1", "AUNT_UNCLE", "Callum's brother", "07700 900456"),
    ("Bea", "Fictional-Lund", "2", "FRIEND", "Samira's friend from work", ""),
)
RULES = (  # text, responsible (members, others), checked by (members, others), when, if broken
    (
        "When Callum feels angry, he goes to Jamie's flat until he is calm, and texts Samira "
        "when he gets there.",
        (["Jamie"], "Callum"),
        (["Jamie", "Noor"], ""),
        "Every time he feels angry",
        "Samira takes Zara and Musa to Noor's house and rings the social worker.",
    ),
    (
        "Noor rings Zara every Sunday evening to ask how the week has been. Zara can ring Noor "
        "any time.",
        (["Noor"], ""),
        ([], "Sam Social-Worker"),
        "Every Sunday",
        "Samira rings Noor on Monday to catch up, and tells the social worker.",
    ),
    (
        "Callum does not drink at home.",
        ([], "Callum"),
        (["Noor"], "Samira"),
        "Always",
        "Callum goes to Jamie's for the night; Samira tells the social worker the next day.",
    ),
)
BOTTOM_LINES = (
    ("Zara and Musa are never in the room when Callum and Samira argue.", "Rules 1 and 3"),
    ("Callum does not stay at the home overnight after drinking.", "Rule 3, checked by Noor"),
)
RED_FLAGS = (
    (
        "Zara stays off school on a Monday.",
        ["Noor"],
        "Meadowbank Primary School",
        "School rings Samira and the social worker the same day.",
    ),
    (
        "Callum's texts stop, or he sounds as if he has been drinking on the phone.",
        ["Jamie"],
        "",
        "Jamie goes round and takes Callum back to his flat.",
    ),
)
STEPS = (  # title, days after the plan started, criteria, status, done days after start
    ("Network meeting to agree the plan", 14, "Everyone has agreed the plan", "DONE", 14),
    (
        "Callum visits for tea twice a week with Jamie there",
        90,
        "Three months of visits with no shouting; the children say they feel safe",
        "DONE",
        95,
    ),
    (
        "Callum visits without Jamie three evenings a week",
        180,
        "Three months with the rules kept at every check",
        "DONE",
        185,
    ),
    (
        "Callum stays over at weekends",
        290,
        "Two months of weekends with the rules kept; Noor hears the same from Zara",
        "IN_PROGRESS",
        None,
    ),
    (
        "Review conference agrees a child in need plan",
        360,
        "The safety goal has been met for six months",
        "NOT_STARTED",
        None,
    ),
    (
        "The case closes",
        450,
        "The network carries on without children's social care",
        "NOT_STARTED",
        None,
    ),
)
CHECK_EVERY_DAYS = 35
PARTLY_KEPT_AT = 4  # the fifth check found rule 1 only partly kept


def load_safety_demo() -> None:
    if SafetyPlan.objects.exists():
        return
    zara = Child.objects.filter(la_child_id=ZARA).first()
    if zara is None:
        return
    musa = Child.objects.get(la_child_id=MUSA)
    worker = User.objects.get(email=WORKER)
    manager = User.objects.get(email=MANAGER)
    cp_plan = ChildProtectionPlan.objects.get(episode__child=zara)
    episode = cp_plan.episode
    start = cp_plan.started_on
    today = timezone.localdate()
    days = datetime.timedelta

    network = SafetyNetwork.objects.create(episode=episode, created_by=worker)
    first_map = SoSMap.objects.filter(episode=episode).order_by("version").first()
    latest_map = SoSMap.objects.filter(episode=episode).order_by("-version").first()
    members: dict[str, NetworkMember] = {}
    for first, last, sex, kind, words, phone in PEOPLE:
        person = Person.objects.create(first_name=first, last_name=last, sex=sex, phone=phone)
        for child in (zara, musa):
            Relationship.objects.create(child=child, person=person, relationship_type=kind)
        prospective = first == "Bea"
        member = NetworkMember.objects.create(
            network=network,
            person=person,
            relationship_to_family=words,
            contact_details=phone,
            informed_on=None if prospective else start + days(days=5),
            informed_via="" if prospective else "DANGER_STATEMENTS",
            roles_agreed="" if prospective else "See the safety plan's rules",
            availability="Weekday evenings" if first == "Jamie" else "Most days",
            checks_required="A DBS check" if first == "Jamie" else "",
            checks_done="DBS check clear" if first == "Jamie" else "",
            status="PROSPECTIVE" if prospective else "ACTIVE",
            member_from=None if prospective else start + days(days=5),
        )
        if not prospective and first_map is not None:
            member.statements_seen.set(first_map.danger_statements.all())
        members[first] = member

    def meeting(on: datetime.date, notes: str) -> NetworkMeeting:
        held = NetworkMeeting.objects.create(
            network=network, held_on=on, notes=notes, recorded_by=worker
        )
        MeetingAttendance.objects.bulk_create(
            MeetingAttendance(
                meeting=held, member=m, attendance="APOLOGIES" if name == "Bea" else "PRESENT"
            )
            for name, m in members.items()
        )
        return held

    meeting(
        start + days(days=14),
        "Went through the danger statement and safety goal. Agreed "
        "the rules of the safety plan together with Samira and Callum.",
    )

    plan = SafetyPlan.objects.create(
        episode=episode,
        plan_type="FULL",
        status="ACTIVE",
        contingency="If Callum cannot keep to the plan, he lives at Jamie's and sees the "
        "children at Noor's house until the network meets again.",
        children_version="When Mum and Dad get cross, Dad goes to Uncle Jamie's until he feels "
        "calm. Auntie Noor phones Zara every Sunday. If you feel scared, you can ring Auntie "
        "Noor or tell Miss Dana at school.",
        review_due=today + days(days=30),
        agreed_on=start + days(days=14),
        created_by=worker,
    )
    plan.children.set([zara, musa])
    if latest_map is not None:
        plan.danger_statements.set(latest_map.danger_statements.all())
        plan.safety_goals.set(latest_map.safety_goals.all())
    statements = list(plan.danger_statements.all())
    rules = []
    for number, (text, (doers, other_doers), (checkers, other_checkers), when, broken) in enumerate(
        RULES, start=1
    ):
        rule = PlanRule.objects.create(
            plan=plan,
            number=number,
            text=text,
            responsible_others=other_doers,
            monitored_by_others=other_checkers,
            when=when,
            if_broken=broken,
        )
        rule.danger_statements.set(statements)
        rule.responsible_members.set([members[n] for n in doers])
        rule.monitoring_members.set([members[n] for n in checkers])
        rules.append(rule)
    for text, how in BOTTOM_LINES:
        BottomLine.objects.create(
            plan=plan, text=text, set_by=manager, addressed=True, how_addressed=how
        )
    for sign, watchers, others, response in RED_FLAGS:
        flag = RedFlag.objects.create(
            plan=plan, sign=sign, watched_by_others=others, response=response
        )
        flag.watching_members.set([members[n] for n in watchers])
    for name, role, method in (
        ("Samira", "Mum", "SIGNED"),
        ("Callum", "Dad", "SIGNED"),
        ("Noor", "Safety network", "VERBAL"),
        ("Jamie", "Safety network", "ELECTRONIC"),
        ("Sam Social-Worker", "Children's social care", "SIGNED"),
    ):
        PlanAgreement.objects.create(
            plan=plan,
            person_name=name,
            role=role,
            agreed_on=start + days(days=14),
            method=method,
        )
    for seq, (title, after, criteria, status, done_after) in enumerate(STEPS, start=1):
        TrajectoryStep.objects.create(
            plan=plan,
            seq=seq,
            title=title,
            target_date=start + days(days=after),
            criteria=criteria,
            status=status,
            actual_date=start + days(days=done_after) if done_after else None,
        )
    on, index = start + days(days=CHECK_EVERY_DAYS), 0
    while on <= today - days(days=3):
        partly = index == PARTLY_KEPT_AT
        check = PlanCheck.objects.create(
            plan=plan,
            checked_on=on,
            checked_by="Noor and Sam Social-Worker",
            incidents="Callum and Samira argued about money; Callum left, but only after "
            "shouting in the kitchen."
            if partly
            else "",
            actions="Network to meet this week." if partly else "",
            scale=min(4 + index // 2, 8),
            recorded_by=worker,
        )
        RuleCheck.objects.bulk_create(
            RuleCheck(
                check_record=check,
                rule=rule,
                outcome="PARTLY" if partly and rule.number == 1 else "KEPT",
                evidence="He went to Jamie's, but not straight away, and Zara heard the shouting."
                if partly and rule.number == 1
                else "Told by Samira and Zara",
            )
            for rule in rules
        )
        if partly:
            met = meeting(
                on + days(days=3),
                "Met again after rule 1 was only partly kept. Callum agreed to leave as "
                "soon as he feels cross, before saying anything; Jamie will ring him that "
                "evening.",
            )
            ReconveneTask.objects.create(
                plan=plan,
                raised_by_check=check,
                reason="Rule 1 was only partly kept.",
                raised_on=on,
                due_on=add_working_days(on, settings.SAFETYMAP_RECONVENE_NETWORK_WORKING_DAYS),
                done_at_meeting=met,
            )
        on, index = on + days(days=CHECK_EVERY_DAYS), index + 1
