from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def council(request: HttpRequest) -> dict[str, str]:
    """The council's own name and logo for the header: this is not GOV.UK, so no crown."""
    return {
        "council_name": settings.SAFETYMAP_COUNCIL_NAME,
        "council_logo": settings.SAFETYMAP_COUNCIL_LOGO,
        "council_url": settings.SAFETYMAP_COUNCIL_URL,
        "service_name": settings.SAFETYMAP_SERVICE_NAME,
        "service_phase": settings.SAFETYMAP_PHASE,
        "feedback_email": settings.SAFETYMAP_FEEDBACK_EMAIL,
        "idle_timeout_seconds": settings.SAFETYMAP_IDLE_TIMEOUT_MINUTES * 60,
    }
