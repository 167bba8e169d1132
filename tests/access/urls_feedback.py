from safetymap.access.policy import Capability
from tests.access.url_access import UrlAccess

MANAGE = Capability.MANAGE_PARTNERSHIP

ACCESS = UrlAccess(
    # The form opens from a link without an account, under /feedback/; a made-up link gets the
    # page that says the link does not work.
    public=frozenset({"feedback:form", "feedback:thank-you"}),
    needs_capability={
        "feedback:results": MANAGE,
        "feedback:written-answers": MANAGE,
        "feedback:export": MANAGE,
    },
    made_up={"feedback:form": {"token": "A" * 43}},
)
