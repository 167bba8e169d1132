from safetymap.access.policy import Capability
from tests.access.url_access import UrlAccess

ACCESS = UrlAccess(
    needs_capability={"worker:background-work": Capability.MANAGE_REFERENCE_DATA},
)
