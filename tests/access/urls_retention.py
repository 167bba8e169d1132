from safetymap.access.policy import Capability
from tests.access.url_access import UrlAccess
from tests.factories import LegalHoldFactory, approved_for_disposal, due_for_disposal


def _schedule() -> dict:
    from safetymap.retention.models import RetentionSchedule

    return {"pk": RetentionSchedule.objects.first().pk}


ACCESS = UrlAccess(
    needs_capability={
        "retention:due": Capability.MANAGE_RETENTION,
        "retention:review": Capability.MANAGE_RETENTION,
        "retention:destroy": Capability.MANAGE_RETENTION,
        "retention:holds": Capability.MANAGE_RETENTION,
        "retention:hold-place": Capability.MANAGE_RETENTION,
        "retention:hold-release": Capability.MANAGE_RETENTION,
        "retention:schedules": Capability.MANAGE_RETENTION,
        "retention:schedule-change": Capability.MANAGE_RETENTION,
        "retention:disposals": Capability.MANAGE_RETENTION,
    },
    real_object={
        "retention:review": lambda: {"pk": due_for_disposal().pk},
        "retention:destroy": lambda: {"pk": approved_for_disposal().pk},
        "retention:hold-release": lambda: {"pk": LegalHoldFactory().pk},
        "retention:schedule-change": _schedule,
    },
    made_up={
        "retention:review": {"pk": 999_999},
        "retention:destroy": {"pk": 999_999},
        "retention:hold-release": {"pk": 999_999},
        "retention:schedule-change": {"pk": 999_999},
    },
)
