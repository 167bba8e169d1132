from safetymap.access.policy import Capability
from tests.access.url_access import UrlAccess
from tests.factories import ChildFactory, ChildVoiceRecordFactory, WordsAndPicturesFactory

PATHWAY = Capability.RECORD_PATHWAY
READ = Capability.USE_CASE_WORK
ON_A_CHILD = {"voice:child": READ, "voice:booklet-new": PATHWAY}
ON_A_RECORD = {
    "voice:record": READ,
    "voice:change": PATHWAY,
    "voice:drawing-add": PATHWAY,
    "voice:override": PATHWAY,
    "voice:to-map": PATHWAY,
}
ON_A_BOOKLET = {
    "voice:booklet": READ,
    "voice:booklet-change": PATHWAY,
    "voice:page-add": PATHWAY,
    "voice:booklet-override": PATHWAY,
    "voice:booklet-pdf": READ,
}
ALL = {**ON_A_CHILD, **ON_A_RECORD, **ON_A_BOOKLET, "voice:new": PATHWAY}

ACCESS = UrlAccess(
    needs_capability=ALL,
    post_only=frozenset({"voice:to-map"}),
    real_object={
        **{name: (lambda: {"pk": ChildFactory().pk}) for name in ON_A_CHILD},
        **{name: (lambda: {"pk": ChildVoiceRecordFactory().pk}) for name in ON_A_RECORD},
        **{name: (lambda: {"pk": WordsAndPicturesFactory().pk}) for name in ON_A_BOOKLET},
        "voice:new": lambda: {"pk": ChildFactory().pk, "tool": "three-houses"},
    },
    made_up={
        **dict.fromkeys(ALL, {"pk": 999_999}),
        "voice:new": {"pk": 999_999, "tool": "three-houses"},
    },
    needs_a_relationship=frozenset(ALL),
)
