from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django_otp.models import Device

from safetymap.accounts.organisation_types import HEALTH_TYPES, OrganisationType
from safetymap.accounts.roles import ROLE_BY_GROUP_NAME, Role


class Organisation(models.Model):
    """The council's children's social care and every partner agency whose staff use Safetymap."""

    revision = models.PositiveIntegerField(default=1)  # each saved change: core/revisions.py
    name = models.CharField(max_length=200, unique=True)
    organisation_type = models.CharField(max_length=32, choices=OrganisationType.choices)
    urn = models.CharField(
        "DfE unique reference number (URN)",
        max_length=6,
        blank=True,
        validators=[RegexValidator(r"^\d{6}$", "A URN is 6 numbers, like 100001")],
        help_text="Schools and early years settings only",
    )
    ods_code = models.CharField(
        "ODS code",
        max_length=10,
        blank=True,
        validators=[
            RegexValidator(
                r"^[A-Z0-9]{3,10}$", "An ODS code is 3 to 10 capital letters and numbers"
            )
        ],
        help_text="NHS organisations only",
    )
    secure_email = models.EmailField(blank=True)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["organisation_type"])]

    def __str__(self) -> str:
        return self.name

    @property
    def is_health(self) -> bool:
        return self.organisation_type in HEALTH_TYPES


class Team(models.Model):
    """A team in an organisation (e.g. Assessment team 1). Members see the children allocated to
    the team, and so do its line-management chain: its manager (usually the team manager) and
    the service manager over them."""

    revision = models.PositiveIntegerField(default=1)  # each saved change: core/revisions.py
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="teams")
    name = models.CharField(max_length=200)
    members = models.ManyToManyField("User", related_name="teams", blank=True)
    manager = models.ForeignKey(
        "User", on_delete=models.PROTECT, related_name="managed_teams", null=True, blank=True
    )
    # The next link in the line-management chain: the service manager over the team's manager,
    # who sees the team's children as the team manager does (access.policy).
    service_manager = models.ForeignKey(
        "User",
        on_delete=models.PROTECT,
        related_name="teams_in_service",
        null=True,
        blank=True,
    )
    is_active = models.BooleanField(default=True)
    # New referrals go to this team's queue unless the front door chooses another (the
    # configurable default of the contact decision form).
    receives_new_referrals = models.BooleanField(default=False)

    class Meta:
        ordering = ["organisation__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="accounts_team_unique_name"
            )
        ]

    def __str__(self) -> str:
        return self.name


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def get_by_natural_key(self, username: str | None) -> User:
        # Email addresses are matched without regard to case: "Sam@…" and "sam@…" are one person.
        return self.get(email__iexact=username)

    def create_user(self, email: str, password: str | None = None, **fields) -> User:
        if not email:
            raise ValueError("A user needs an email address")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields) -> User:
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """Anyone who signs in: council staff and partner practitioners. Signs in with their email."""

    revision = models.PositiveIntegerField(default=1)  # each saved change: core/revisions.py
    email = models.EmailField(unique=True)
    full_name = models.CharField(max_length=200)
    job_title = models.CharField(max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="users", null=True, blank=True
    )
    swe_registration_number = models.CharField(
        "Social Work England registration number", max_length=20, blank=True
    )
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)  # Django's admin is not used; kept for the API
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def roles(self) -> frozenset[Role]:
        """The user's roles, read once per request (groups are prefetched by the cache)."""
        cached = getattr(self, "_roles_cache", None)
        if cached is None:
            names = self.groups.values_list("name", flat=True) if self.pk else []
            cached = frozenset(ROLE_BY_GROUP_NAME[n] for n in names if n in ROLE_BY_GROUP_NAME)
            self._roles_cache = cached
        return cached

    def has_role(self, *roles: Role) -> bool:
        return bool(self.roles.intersection(roles))


class IdentityProviderDevice(Device):
    """The council's identity provider, as the second sign-in step, for a council that has said
    its provider enforces multi-factor authentication (SAFETYMAP_OIDC_IDP_ENFORCES_MFA) and only
    when the provider's ID token shows it was used (identity_provider.py). It takes no codes: it
    only lets django-otp mark the session as having passed the second step, so everything that
    asks ``user.is_verified()`` keeps working, and the audit trail names it."""

    def is_interactive(self) -> bool:
        return False

    def verify_token(self, token) -> bool:
        return False


class SignedInSession(models.Model):
    """One signed-in session, kept so a person can see where they are signed in and sign out of
    their other devices (sessions.py). The session itself stays in Django's session table; this
    row is removed when it ends."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="signed_in_sessions")
    session_key = models.CharField(max_length=40, unique=True)
    signed_in_at = models.DateTimeField()
    browser = models.CharField(max_length=200, blank=True)
    method = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["-signed_in_at"]

    def __str__(self) -> str:
        return f"{self.user} at {self.signed_in_at:%Y-%m-%d %H:%M}"


class SetUpLink(models.Model):
    """A single-use link a system administrator issues so a person can set up their second
    sign-in step: at their first sign-in, or after their codes were reset. Without one, an
    account that has no app and no backup codes left cannot set one up, so a password alone
    never adds a new authenticator app (second_step.py). Only the token's hash is kept; it
    works once, until ``expires_at``, for this account only."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="set_up_links")
    token_hash = models.CharField(max_length=64, unique=True)
    # Who issued it; empty when issued on the server itself (manage.py issue_set_up_link, for
    # the first administrator).
    issued_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    issued_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-issued_at"]

    def __str__(self) -> str:
        return f"Set-up link for {self.user} issued {self.issued_at:%Y-%m-%d %H:%M}"

    def is_usable(self) -> bool:
        return self.used_at is None and timezone.now() < self.expires_at and self.user.is_active
