from safetymap.access.policy import Capability
from tests.access.url_access import UrlAccess
from tests.factories import OrganisationFactory, TeamFactory, UserFactory

ADMIN = Capability.MANAGE_REFERENCE_DATA

ACCESS = UrlAccess(
    public=frozenset(
        {
            "accounts:sign-in",
            "accounts:password-reset",
            "accounts:password-reset-sent",
            "accounts:password-reset-confirm",
            "accounts:password-reset-complete",
            "accounts:set-up-link",
            "core:accessibility",
            "core:privacy",
        }
    ),
    sign_in_steps=frozenset({"accounts:second-step", "accounts:second-step-setup"}),
    other_ways_to_sign_in=frozenset(
        {"accounts:identity-provider", "accounts:identity-provider-callback"}
    ),
    any_signed_in=frozenset(
        {
            "accounts:my-work",
            "accounts:sign-out",
            "accounts:keep-alive",
            "accounts:sign-ins",
            "accounts:sign-out-elsewhere",
        }
    ),
    needs_capability={
        "accounts:organisation-list": ADMIN,
        "accounts:organisation-add": ADMIN,
        "accounts:organisation-edit": ADMIN,
        "accounts:team-list": ADMIN,
        "accounts:team-add": ADMIN,
        "accounts:team-edit": ADMIN,
        "accounts:user-list": ADMIN,
        "accounts:user-add": ADMIN,
        "accounts:user-edit": ADMIN,
        "accounts:user-reset-second-step": ADMIN,
        "accounts:user-set-up-link": ADMIN,
    },
    post_only=frozenset(
        {
            "accounts:sign-out",
            "accounts:keep-alive",
            "accounts:user-reset-second-step",
            "accounts:user-set-up-link",
            "accounts:sign-out-elsewhere",
        }
    ),
    real_object={
        "accounts:organisation-edit": lambda: {"pk": OrganisationFactory().pk},
        "accounts:team-edit": lambda: {"pk": TeamFactory().pk},
        "accounts:user-edit": lambda: {"pk": UserFactory().pk},
        "accounts:user-reset-second-step": lambda: {"pk": UserFactory().pk},
        "accounts:user-set-up-link": lambda: {"pk": UserFactory().pk},
    },
    made_up={
        "accounts:organisation-edit": {"pk": 999_999},
        "accounts:team-edit": {"pk": 999_999},
        "accounts:user-edit": {"pk": 999_999},
        "accounts:user-reset-second-step": {"pk": 999_999},
        "accounts:user-set-up-link": {"pk": 999_999},
        "accounts:set-up-link": {"token": "made-up-token"},
        "accounts:password-reset-confirm": {"uidb64": "MQ", "token": "made-up-token"},
    },
)
