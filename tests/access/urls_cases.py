from safetymap.access.policy import Capability
from tests.access.url_access import UrlAccess
from tests.factories import (
    AssessmentFactory,
    ChildFactory,
    ChildInNeedPlanFactory,
    ChildProtectionPlanFactory,
    ContactFactory,
    CoreGroupMembershipFactory,
    EpisodeFactory,
    Section47EnquiryFactory,
    TransferInFactory,
)

PATHWAY = Capability.RECORD_PATHWAY
EPISODE_PAGES = {
    "cases:assessment-start": PATHWAY,
    "cases:strategy-new": PATHWAY,
    "cases:cin-plan-start": PATHWAY,
    "cases:cp-plan-start": PATHWAY,
    "cases:transfer-in-new": PATHWAY,
    "cases:allocate": Capability.ALLOCATE_WORK,
    "cases:close": PATHWAY,
}
CHILD_PAGES = {
    "cases:chronology": Capability.USE_CASE_WORK,
    "cases:case-note-new": PATHWAY,
    "cases:significant-event-new": PATHWAY,
}
MADE_UP = {"pk": 999_999}
# Pages about one child's record: found only by someone with a relationship to the child.
RECORD_PAGES = [
    "cases:contact",
    "cases:episode",
    "cases:assessment-complete",
    "cases:enquiry-complete",
    "cases:cp-plan-end",
    "cases:cin-review-new",
    "cases:cin-plan-end",
    "cases:core-group-new",
    "cases:cp-plan",
    "cases:core-group-member-add",
    "cases:core-group-member-leave",
    "cases:review-new",
    "cases:transfer-in-no-plan",
    *CHILD_PAGES,
    *EPISODE_PAGES,
]

ACCESS = UrlAccess(
    needs_capability={
        "cases:contacts": Capability.USE_CASE_WORK,
        "cases:contact-new": PATHWAY,
        "cases:contact": Capability.USE_CASE_WORK,
        "cases:episode": Capability.USE_CASE_WORK,
        "cases:assessment-complete": PATHWAY,
        "cases:enquiry-complete": PATHWAY,
        "cases:cp-plan-end": PATHWAY,
        "cases:cin-review-new": PATHWAY,
        "cases:cin-plan-end": PATHWAY,
        "cases:core-group-new": PATHWAY,
        "cases:cp-plan": Capability.USE_CASE_WORK,
        "cases:core-group-member-add": PATHWAY,
        "cases:core-group-member-leave": PATHWAY,
        "cases:review-new": PATHWAY,
        "cases:transfer-in-no-plan": PATHWAY,
        **EPISODE_PAGES,
        **CHILD_PAGES,
    },
    real_object={
        # decided, so only a relationship to the child opens it (the front door sees undecided ones)
        "cases:contact": lambda: {"pk": ContactFactory(decision="ADVICE_SIGNPOST").pk},
        "cases:episode": lambda: {"pk": EpisodeFactory().pk},
        "cases:assessment-complete": lambda: {"pk": AssessmentFactory().pk},
        "cases:enquiry-complete": lambda: {"pk": Section47EnquiryFactory().pk},
        "cases:cp-plan-end": lambda: {"pk": ChildProtectionPlanFactory().pk},
        "cases:cin-review-new": lambda: {"pk": ChildInNeedPlanFactory().pk},
        "cases:cin-plan-end": lambda: {"pk": ChildInNeedPlanFactory().pk},
        "cases:core-group-new": lambda: {"pk": ChildProtectionPlanFactory().pk},
        "cases:cp-plan": lambda: {"pk": ChildProtectionPlanFactory().pk},
        "cases:core-group-member-add": lambda: {"pk": ChildProtectionPlanFactory().pk},
        "cases:core-group-member-leave": lambda: {"pk": CoreGroupMembershipFactory().pk},
        "cases:review-new": lambda: {"pk": ChildProtectionPlanFactory().pk},
        "cases:transfer-in-no-plan": lambda: {"pk": TransferInFactory().pk},
        **{name: (lambda: {"pk": EpisodeFactory().pk}) for name in EPISODE_PAGES},
        **{name: (lambda: {"pk": ChildFactory().pk}) for name in CHILD_PAGES},
    },
    made_up=dict.fromkeys(RECORD_PAGES, MADE_UP),
    needs_a_relationship=frozenset(RECORD_PAGES),
)
