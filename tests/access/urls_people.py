from safetymap.access.policy import Capability
from tests.access.url_access import UrlAccess
from tests.factories import ChildFactory

ACCESS = UrlAccess(
    needs_capability={
        "people:children": Capability.USE_CASE_WORK,
        "people:child-new": Capability.RECORD_CHILDREN,
        "people:child": Capability.USE_CASE_WORK,
        "people:front-door-enquiry": Capability.SEARCH_ALL_CHILDREN,
    },
    real_object={
        "people:child": lambda: {"pk": ChildFactory().pk},
        "people:front-door-enquiry": lambda: {"pk": ChildFactory().pk},
    },
    made_up={"people:child": {"pk": 999_999}, "people:front-door-enquiry": {"pk": 999_999}},
    needs_a_relationship=frozenset({"people:child"}),
)
