from safetymap.access.policy import Capability
from tests.access.url_access import UrlAccess
from tests.factories import (
    ChildFactory,
    EpisodeFactory,
    NetworkMemberFactory,
    SafetyPlanFactory,
)

READ = Capability.USE_CASE_WORK
PATHWAY = Capability.RECORD_PATHWAY
EPISODE_PAGES = {
    "safety:network": READ,
    "safety:member-add": PATHWAY,
    "safety:meeting-add": PATHWAY,
    "safety:plan-start": PATHWAY,
}
PLAN_PAGES = {
    "safety:plan": READ,
    "safety:over-time": READ,
    "safety:plan-details": PATHWAY,
    "safety:rule-add": PATHWAY,
    "safety:bottom-line-add": PATHWAY,
    "safety:red-flag-add": PATHWAY,
    "safety:agreement-add": PATHWAY,
    "safety:step-add": PATHWAY,
    "safety:check-add": PATHWAY,
    "safety:concern-add": PATHWAY,
    "safety:plan-end": PATHWAY,
    "safety:plan-move": PATHWAY,
    "safety:plan-revise": PATHWAY,
}
CHILD_PAGES = {"safety:genogram": READ, "safety:ecomap": READ}
ALL = {
    **EPISODE_PAGES,
    **PLAN_PAGES,
    **CHILD_PAGES,
    "safety:member-change": PATHWAY,
    "safety:bottom-line-change": PATHWAY,
    "safety:step-change": PATHWAY,
    "safety:rule-change": PATHWAY,
}

ACCESS = UrlAccess(
    needs_capability=ALL,
    post_only=frozenset({"safety:plan-move", "safety:plan-revise"}),
    real_object={
        **{name: (lambda: {"pk": EpisodeFactory().pk}) for name in EPISODE_PAGES},
        **{name: (lambda: {"pk": SafetyPlanFactory().pk}) for name in PLAN_PAGES},
        **{name: (lambda: {"pk": ChildFactory().pk}) for name in CHILD_PAGES},
        "safety:member-change": lambda: {"pk": NetworkMemberFactory().pk},
        "safety:bottom-line-change": lambda: {"pk": SafetyPlanFactory().pk, "line_pk": 1},
        "safety:step-change": lambda: {"pk": SafetyPlanFactory().pk, "step_pk": 1},
        "safety:rule-change": lambda: {"pk": SafetyPlanFactory().pk, "rule_pk": 1},
    },
    made_up={
        **dict.fromkeys(ALL, {"pk": 999_999}),
        "safety:bottom-line-change": {"pk": 999_999, "line_pk": 1},
        "safety:step-change": {"pk": 999_999, "step_pk": 1},
        "safety:rule-change": {"pk": 999_999, "rule_pk": 1},
    },
    needs_a_relationship=frozenset(ALL),
)
