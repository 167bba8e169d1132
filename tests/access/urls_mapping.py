from safetymap.access.policy import Capability
from tests.access.url_access import UrlAccess
from tests.factories import EpisodeFactory, ScaleRatingFactory, SoSMapFactory

PATHWAY = Capability.RECORD_PATHWAY
MAP_PAGES = {
    "mapping:map": Capability.USE_CASE_WORK,
    "mapping:family-version": Capability.USE_CASE_WORK,
    "mapping:item-add": PATHWAY,
    "mapping:danger-statement-add": PATHWAY,
    "mapping:rating-add": PATHWAY,
    "mapping:finalise": PATHWAY,
    "mapping:share": PATHWAY,
}
ALL = {
    **MAP_PAGES,
    "mapping:map-start": PATHWAY,
    "mapping:safety-goal": PATHWAY,
    "mapping:item-change": PATHWAY,
    "mapping:live": Capability.USE_CASE_WORK,
    "mapping:compare": Capability.USE_CASE_WORK,
    "mapping:escalation-response": Capability.USE_CASE_WORK,
    "mapping:goal-review": PATHWAY,
}

ACCESS = UrlAccess(
    needs_capability=ALL,
    post_only=frozenset({"mapping:finalise", "mapping:share"}),
    real_object={
        **{name: (lambda: {"pk": SoSMapFactory().pk}) for name in MAP_PAGES},
        "mapping:map-start": lambda: {"pk": EpisodeFactory().pk},
        "mapping:goal-review": lambda: {"pk": EpisodeFactory().pk},
        "mapping:safety-goal": lambda: {"pk": SoSMapFactory().pk, "seq_no": 1},
        "mapping:item-change": lambda: {"pk": SoSMapFactory().pk, "item_pk": 1},
        "mapping:live": lambda: {"pk": SoSMapFactory().pk},
        "mapping:compare": lambda: {"pk": SoSMapFactory().pk},
        "mapping:escalation-response": lambda: {"pk": ScaleRatingFactory(escalated=True).pk},
    },
    made_up={
        **dict.fromkeys(ALL, {"pk": 999_999}),
        "mapping:safety-goal": {"pk": 999_999, "seq_no": 1},
        "mapping:item-change": {"pk": 999_999, "item_pk": 1},
    },
    needs_a_relationship=frozenset(ALL),
)
