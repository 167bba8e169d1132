from safetymap.access.models import AccessGrant, GrantBasis
from safetymap.access.policy import Capability
from tests.access.url_access import UrlAccess
from tests.factories import ChildFactory, UserFactory


def an_emergency_grant() -> dict:
    import datetime

    from django.utils import timezone

    now = timezone.now()
    grant = AccessGrant.objects.create(
        user=UserFactory(),
        child=ChildFactory(),
        basis=GrantBasis.EMERGENCY,
        reason="Police asked for an urgent check",
        starts_at=now,
        expires_at=now + datetime.timedelta(hours=2),
    )
    return {"pk": grant.pk}


ACCESS = UrlAccess(
    needs_capability={
        "access:emergency-open": Capability.OPEN_IN_EMERGENCY,
        "access:emergency-list": Capability.VIEW_ACCESS_REPORTS,
        "access:emergency-review": Capability.VIEW_ACCESS_REPORTS,
        "access:restrict": Capability.RESTRICT_RECORDS,
    },
    real_object={
        "access:emergency-review": an_emergency_grant,
        "access:restrict": lambda: {"pk": ChildFactory().pk},
    },
    made_up={"access:emergency-review": {"pk": 999_999}, "access:restrict": {"pk": 999_999}},
    needs_a_relationship=frozenset({"access:restrict"}),
)
