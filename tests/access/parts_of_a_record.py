"""A part of a record made for real (a map's item, a plan's rule…), for the generated tests of
pages about one part: the access declarations (tests/access/urls_*.py) make only the whole
record, and make the part up, so those pages are "not found" there.
"""

from __future__ import annotations

import datetime

from tests.factories import (
    DangerStatementFactory,
    PlanRuleFactory,
    SafetyGoalFactory,
    SafetyPlanFactory,
    SoSMapFactory,
)


def _map_item() -> dict:
    from safetymap.mapping.models import MapItem

    sos_map = SoSMapFactory()
    item = MapItem.objects.create(map=sos_map, category="EXISTING_STRENGTH", text="Nan visits")
    return {"pk": sos_map.pk, "item_pk": item.pk}


def _safety_goal() -> dict:
    goal = SafetyGoalFactory()
    return {"pk": goal.map_id, "seq_no": goal.danger_statement.seq_no}


def _bottom_line() -> dict:
    from safetymap.safety.models import BottomLine

    plan = SafetyPlanFactory()
    line = BottomLine.objects.create(plan=plan, text="No drinking", set_by=plan.created_by)
    return {"pk": plan.pk, "line_pk": line.pk}


def _step() -> dict:
    from safetymap.safety.models import TrajectoryStep

    plan = SafetyPlanFactory()
    step = TrajectoryStep.objects.create(
        plan=plan,
        seq=1,
        title="Dad moves back home",
        target_date=datetime.date(2027, 1, 4),
        criteria="Three calm months",
    )
    return {"pk": plan.pk, "step_pk": step.pk}


def _rule() -> dict:
    rule = PlanRuleFactory()
    statement = DangerStatementFactory(map=SoSMapFactory(episode=rule.plan.episode))
    rule.plan.danger_statements.add(statement)
    rule.danger_statements.add(statement)
    return {"pk": rule.plan_id, "rule_pk": rule.pk}


# Page name -> a function making the part, returning the page's URL kwargs.
PARTS = {
    "mapping:item-change": _map_item,
    "mapping:safety-goal": _safety_goal,
    "safety:bottom-line-change": _bottom_line,
    "safety:step-change": _step,
    "safety:rule-change": _rule,
}
