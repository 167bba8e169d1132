from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from safetymap.access.policy import Capability
from tests.access.url_access import UrlAccess
from tests.partnership.factories import (
    BookingFactory,
    BriefingRequestFactory,
    PracticeStoryFactory,
    TrainingSessionFactory,
)

MANAGE = Capability.MANAGE_PARTNERSHIP
RUN = Capability.RUN_TRAINING
BOOK = Capability.BOOK_TRAINING
MADE_UP = {"pk": 999_999}


def _names_mounted_at(prefix: str) -> dict[str, str]:
    """Every URL name Wagtail adds under ``prefix`` (tested in tests/partnership/
    test_public_pages.py: the admin behind the editors' gate, the pages, documents and images
    public)."""

    def walk(entries, namespace=""):
        for entry in entries:
            if isinstance(entry, URLResolver):
                inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                yield from walk(entry.url_patterns, inner)
            elif isinstance(entry, URLPattern):
                yield f"{namespace}{entry.name}"  # as test_every_url names them, None included

    names: dict[str, str] = {}
    for entry in get_resolver().url_patterns:
        route = str(entry.pattern)
        mounted_here = route == prefix.lstrip("/") or (
            route.startswith("^" + prefix.lstrip("/")) and prefix == "/partnership/"
        )
        module = getattr(entry, "urlconf_name", None)
        is_wagtail = isinstance(entry, URLResolver) and getattr(
            module, "__name__", str(module)
        ).startswith("wagtail")
        if mounted_here and (is_wagtail or getattr(entry, "name", "") == "wagtailimages_serve"):
            names |= dict.fromkeys(walk([entry]), prefix)
    return names


WAGTAIL = {
    **_names_mounted_at("/editor/"),
    **_names_mounted_at("/partnership/documents/"),
    **_names_mounted_at("/partnership/"),
}

BRIEFING_PAGES = {
    "partnership:briefing-request-detail": MANAGE,
    "partnership:briefing-schedule": MANAGE,
    "partnership:briefing-delivered": MANAGE,
    "partnership:briefing-decline": MANAGE,
}
SESSION_PAGES = {
    "partnership:session": BOOK,
    "partnership:session-book": BOOK,
    "partnership:session-cancel": BOOK,
    "partnership:session-add-attendee": RUN,
    "partnership:session-attendance": RUN,
    "partnership:session-export": RUN,
}

ACCESS = UrlAccess(
    # The public form and its confirmation live under /partnership/, open without signing in.
    public=frozenset({"partnership:briefing-request", "partnership:briefing-request-sent"}),
    # Practice stories are for everyone who signs in.
    any_signed_in=frozenset({"partnership:stories", "partnership:story-new", "partnership:story"}),
    needs_capability={
        "partnership:briefing-requests": MANAGE,
        **BRIEFING_PAGES,
        "partnership:sessions": BOOK,
        "partnership:my-training": BOOK,
        "partnership:booking-approvals": BOOK,
        "partnership:booking-decide": BOOK,
        "partnership:course-new": RUN,
        "partnership:session-new": RUN,
        **SESSION_PAGES,
        "partnership:story-moderation": MANAGE,
        "partnership:dashboard": MANAGE,
        "partnership:dashboard-export": MANAGE,
        "partnership:story-moderate": MANAGE,
    },
    real_object={
        **{name: (lambda: {"pk": BriefingRequestFactory().pk}) for name in BRIEFING_PAGES},
        **{name: (lambda: {"pk": TrainingSessionFactory().pk}) for name in SESSION_PAGES},
        # attendance is recorded from the session's first day
        "partnership:session-attendance": lambda: {
            "pk": TrainingSessionFactory(starts_on=timezone.localdate()).pk
        },
        "partnership:story-moderate": lambda: {"pk": PracticeStoryFactory().pk},
        # Someone else's booking: only the booker's own manager finds it.
        "partnership:booking-decide": lambda: {"pk": BookingFactory(status="REQUESTED").pk},
    },
    made_up={
        **dict.fromkeys(BRIEFING_PAGES, MADE_UP),
        **dict.fromkeys(SESSION_PAGES, MADE_UP),
        "partnership:story-moderate": MADE_UP,
        "partnership:story": MADE_UP,
        "partnership:booking-decide": MADE_UP,
    },
    needs_a_relationship=frozenset({"partnership:booking-decide"}),
    mounted=WAGTAIL,
)
