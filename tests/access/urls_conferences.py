from safetymap.access.policy import Capability
from tests.access.url_access import UrlAccess
from tests.factories import (
    AgencyReportFactory,
    ConferenceFactory,
    EpisodeFactory,
    InvitationFactory,
    UserFactory,
)

READ = Capability.USE_CASE_WORK
PATHWAY = Capability.RECORD_PATHWAY
CONFERENCE_PAGES = {
    "conferences:conference": READ,
    "conferences:schedule": PATHWAY,
    "conferences:stop": READ,
    "conferences:invite-professional": READ,
    "conferences:invite-family": READ,
    "conferences:ask-for-reports": READ,
    "conferences:chase": READ,
    "conferences:my-report": READ,
    "conferences:start-map": PATHWAY,
    "conferences:held": READ,
    "conferences:record": READ,
    "conferences:record-details": READ,
    "conferences:send-to-chair": READ,
    "conferences:approve": READ,
    "conferences:distribute": READ,
}
CHILD_PAGES = {"conferences:child-views": READ, "conferences:decision": READ}
REPORT_PAGES = {"conferences:report": READ, "conferences:pull-report": PATHWAY}
RELATED = {
    **CONFERENCE_PAGES,
    **CHILD_PAGES,
    **REPORT_PAGES,
    "conferences:request": PATHWAY,
    "conferences:attendance": READ,
    "conferences:document": READ,
    "conferences:document-status": READ,
    "conferences:document-again": READ,
}


def _generated_document() -> dict:
    """A record document being prepared (the conference's child is the newest child)."""
    from safetymap.conferences.models import GeneratedDocument

    made = GeneratedDocument.objects.create(
        conference=ConferenceFactory(),
        version="full",
        fmt="pdf",
        content_key="0" * 64,
        requested_by=UserFactory(),
    )
    return {"pk": made.pk}


def _held():
    import datetime

    return ConferenceFactory(stage="HELD", held_on=datetime.date(2026, 11, 2))


def _child_kwargs() -> dict:
    conference = ConferenceFactory()
    return {"pk": conference.pk, "child_pk": conference.episode.child_id}


ACCESS = UrlAccess(
    needs_capability={**RELATED, "conferences:mine": READ},
    post_only=frozenset(
        {
            "conferences:ask-for-reports",
            "conferences:chase",
            "conferences:start-map",
            "conferences:send-to-chair",
            "conferences:approve",
            "conferences:distribute",
            "conferences:pull-report",
            "conferences:document-again",
        }
    ),
    real_object={
        **{name: (lambda: {"pk": ConferenceFactory().pk}) for name in CONFERENCE_PAGES},
        **dict.fromkeys(CHILD_PAGES, _child_kwargs),
        **{name: (lambda: {"pk": AgencyReportFactory().pk}) for name in REPORT_PAGES},
        "conferences:request": lambda: {"pk": EpisodeFactory().pk},
        # the record is written between the meeting and sending it to the chair
        "conferences:record-details": lambda: {"pk": _held().pk},
        "conferences:attendance": lambda: {"pk": InvitationFactory(conference=_held()).pk},
        "conferences:document": lambda: {
            "pk": ConferenceFactory().pk,
            "version": "full",
            "fmt": "pdf",
        },
        "conferences:document-status": _generated_document,
        "conferences:document-again": _generated_document,
    },
    made_up={
        **dict.fromkeys(RELATED, {"pk": 999_999}),
        **dict.fromkeys(CHILD_PAGES, {"pk": 999_999, "child_pk": 1}),
        "conferences:document": {"pk": 999_999, "version": "full", "fmt": "pdf"},
    },
    needs_a_relationship=frozenset(RELATED),
)
