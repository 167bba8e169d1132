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


def a_duty_shift() -> dict:
    import datetime

    from django.utils import timezone

    from safetymap.access.models import DutyShift
    from safetymap.accounts.roles import Role

    now = timezone.now()
    shift = DutyShift.objects.create(
        worker=UserFactory(roles=[Role.SOCIAL_WORKER]),
        starts_at=now + datetime.timedelta(hours=1),
        ends_at=now + datetime.timedelta(hours=9),
        recorded_by=UserFactory(roles=[Role.TEAM_MANAGER]),
    )
    return {"pk": shift.pk}


ACCESS = UrlAccess(
    needs_capability={
        "access:emergency-open": Capability.OPEN_IN_EMERGENCY,
        "access:emergency-list": Capability.VIEW_ACCESS_REPORTS,
        "access:emergency-review": Capability.VIEW_ACCESS_REPORTS,
        "access:restrict": Capability.RESTRICT_RECORDS,
        "access:duty-rota": Capability.ALLOCATE_WORK,
        "access:duty-shift-add": Capability.ALLOCATE_WORK,
        "access:duty-shift-end": Capability.ALLOCATE_WORK,
    },
    real_object={
        "access:emergency-review": an_emergency_grant,
        "access:restrict": lambda: {"pk": ChildFactory().pk},
        "access:duty-shift-end": a_duty_shift,
    },
    made_up={
        "access:emergency-review": {"pk": 999_999},
        "access:restrict": {"pk": 999_999},
        "access:duty-shift-end": {"pk": 999_999},
    },
    needs_a_relationship=frozenset({"access:restrict"}),
)
