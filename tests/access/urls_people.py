from safetymap.access.policy import Capability
from safetymap.people.models import Household, HouseholdMember
from tests.access.url_access import UrlAccess
from tests.factories import ChildFactory

RECORD = Capability.RECORD_CHILDREN
MERGE = Capability.MERGE_DUPLICATE_CHILDREN


def _child() -> dict:
    return {"pk": ChildFactory().pk}


def _household() -> dict:
    child = ChildFactory()
    household = Household.objects.create(name="Fictional home")
    HouseholdMember.objects.create(household=household, child=child)
    return {"pk": child.pk, "household": household.pk}


def _membership() -> dict:
    kwargs = _household()
    member = HouseholdMember.objects.get(household_id=kwargs["household"])
    return {**kwargs, "member": member.pk}


def _two_children() -> dict:
    return {"keep": ChildFactory().pk, "duplicate": ChildFactory().pk}


ACCESS = UrlAccess(
    needs_capability={
        "people:children": Capability.USE_CASE_WORK,
        "people:search": Capability.USE_CASE_WORK,
        "people:child-new": RECORD,
        "people:child": Capability.USE_CASE_WORK,
        "people:front-door-enquiry": Capability.SEARCH_ALL_CHILDREN,
        "people:child-change": RECORD,
        "people:relative-add": RECORD,
        "people:sibling-add": RECORD,
        "people:household-add": RECORD,
        "people:household": Capability.USE_CASE_WORK,
        "people:household-member-add": RECORD,
        "people:household-member-dates": RECORD,
        "people:child-merge": MERGE,
        "people:child-merge-confirm": MERGE,
    },
    real_object={
        "people:child": _child,
        "people:front-door-enquiry": _child,
        "people:child-change": _child,
        "people:relative-add": _child,
        "people:sibling-add": _child,
        "people:household-add": _child,
        "people:household": _household,
        "people:household-member-add": _household,
        "people:household-member-dates": _membership,
        "people:child-merge": _child,
        "people:child-merge-confirm": _two_children,
    },
    made_up={
        "people:child": {"pk": 999_999},
        "people:front-door-enquiry": {"pk": 999_999},
        "people:child-change": {"pk": 999_999},
        "people:relative-add": {"pk": 999_999},
        "people:sibling-add": {"pk": 999_999},
        "people:household-add": {"pk": 999_999},
        "people:household": {"pk": 999_999, "household": 999_999},
        "people:household-member-add": {"pk": 999_999, "household": 999_999},
        "people:household-member-dates": {"pk": 999_999, "household": 999_999, "member": 999_999},
        "people:child-merge": {"pk": 999_999},
        "people:child-merge-confirm": {"keep": 999_998, "duplicate": 999_999},
    },
    needs_a_relationship=frozenset(
        {
            "people:child",
            "people:child-change",
            "people:relative-add",
            "people:sibling-add",
            "people:household-add",
            "people:household",
            "people:household-member-add",
            "people:household-member-dates",
            "people:child-merge",
            "people:child-merge-confirm",
        }
    ),
)
