from safetymap.access.policy import Capability
from tests.access.url_access import UrlAccess
from tests.factories import UserFactory

REPORTS = Capability.VIEW_ACCESS_REPORTS

ACCESS = UrlAccess(
    needs_capability={"audit:child-access": REPORTS, "audit:user-activity": REPORTS},
    real_object={"audit:user-activity": lambda: {"pk": UserFactory().pk}},
    made_up={"audit:user-activity": {"pk": 999_999}},
)
