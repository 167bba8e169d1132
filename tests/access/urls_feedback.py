from safetymap.access.policy import Capability
from tests.access.url_access import UrlAccess

MANAGE = Capability.MANAGE_PARTNERSHIP
READ = Capability.USE_CASE_WORK


def _handed_link() -> dict:
    """A family member asked for feedback on a distributed conference, without an email
    address (the conference's child is the newest child, as the generated tests expect)."""
    from tests.factories import ConferenceFactory, FeedbackInvitationFactory

    conference = ConferenceFactory(stage="DISTRIBUTED")
    invitation = FeedbackInvitationFactory(
        round__episode=conference.episode, round__conference=conference, email=""
    )
    return {"pk": invitation.pk}


ACCESS = UrlAccess(
    # The form opens from a link without an account, under /feedback/; a made-up link gets the
    # page that says the link does not work.
    public=frozenset({"feedback:form", "feedback:thank-you"}),
    needs_capability={
        "feedback:results": MANAGE,
        "feedback:written-answers": MANAGE,
        "feedback:export": MANAGE,
        # The links given by hand: the people running the conference (its access rule first,
        # so "not found" without a relationship; 403 for one who may open it but not run it).
        "feedback:hand-over": READ,
        "feedback:new-link": READ,
    },
    post_only=frozenset({"feedback:new-link"}),
    real_object={
        "feedback:hand-over": lambda: {"pk": _handed_link() and _latest_conference()},
        "feedback:new-link": _handed_link,
    },
    made_up={
        "feedback:form": {"token": "A" * 43},
        "feedback:hand-over": {"pk": 999_999},
        "feedback:new-link": {"pk": 999_999},
    },
    needs_a_relationship=frozenset({"feedback:hand-over", "feedback:new-link"}),
)


def _latest_conference() -> int:
    from safetymap.conferences.models import Conference

    return Conference.objects.latest("pk").pk
