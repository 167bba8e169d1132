"""A fictional episode with a map, ready for a safety network and plan."""

from __future__ import annotations

import datetime

from safetymap.safety import services
from tests.factories import (
    AllocationFactory,
    DangerStatementFactory,
    EpisodeFactory,
    SafetyGoalFactory,
    SoSMapFactory,
)

DAY = datetime.date(2026, 9, 10)


def an_episode_with_a_map():
    """(worker, episode, danger statement): the worker is allocated; the map has one danger
    statement with its safety goal."""
    allocation = AllocationFactory(episode=EpisodeFactory(referral_date=datetime.date(2026, 9, 1)))
    sos_map = SoSMapFactory(episode=allocation.episode, facilitator=allocation.worker)
    goal = SafetyGoalFactory(danger_statement=DangerStatementFactory(map=sos_map, seq_no=1))
    return allocation.worker, allocation.episode, goal.danger_statement


def a_new_member(worker, episode, name: str, *, informed: bool = True, **details):
    first, last = name.split(" ", 1)
    if informed:
        details.setdefault("informed_on", DAY)
        details.setdefault("informed_via", "DANGER_STATEMENTS")
    details.setdefault("status", "ACTIVE")
    return services.add_member(
        by=worker,
        episode=episode,
        new_person={"first_name": first, "last_name": last},
        relationship_type="FRIEND",
        relationship_to_family="Family friend",
        **details,
    )


def a_plan_ready_to_agree(worker, episode, statement, *, informed: bool = True):
    """A draft plan with one rule given to one network member, a bottom line addressed, and an
    agreement recorded."""
    member = a_new_member(worker, episode, "Noor Fictional-Aunt", informed=informed)
    plan = services.start_plan(by=worker, episode=episode, plan_type="FULL")
    rule = services.add_rule(
        by=worker,
        plan=plan,
        text="When Dad is cross he goes to his brother's flat until he is calm",
        danger_statements=[statement],
        responsible_others="Dad",
        monitoring_members=[member],
        when="Every time",
        if_broken="Mum takes the children to Noor's and rings the social worker",
    )
    line = services.add_bottom_line(by=worker, plan=plan, text="Dad does not stay overnight")
    services.address_bottom_line(
        by=worker, line=line, addressed=True, how_addressed="Rule 1 and Noor checks on Sundays"
    )
    services.record_agreement(
        by=worker, plan=plan, person_name="Samira", role="Mum", agreed_on=DAY, method="SIGNED"
    )
    return plan, member, rule


def an_active_plan(worker, episode, statement):
    plan, member, rule = a_plan_ready_to_agree(worker, episode, statement)
    for status in ("NETWORK_INFORMED", "AGREED", "ACTIVE"):
        services.move_plan(by=worker, plan=plan, to=status)
    plan.refresh_from_db()
    return plan, member, rule
