"""Safetymap settings, read from the environment (12-factor).

SAFETYMAP_ENV chooses the profile:
- ``development`` (default): SQLite under var/, debug pages, console email.
- ``test``: the test run; DATABASE_URL chooses the engine (SQLite or the throwaway PostgreSQL).
- ``production``: requires SECRET_KEY, DATABASE_URL (PostgreSQL) and ALLOWED_HOSTS, and turns on
  every protection that ``manage.py check --deploy`` looks for. See docs/configuration.md and
  docs/deploy.md.
"""

from __future__ import annotations

import atexit
import datetime
import json
import os
import shutil
import tempfile
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from config.database import (
    RATELIMIT_CACHE_TABLE,
    REPLICA_ALIAS,
    postgresql_options,
    replica_database,
    sqlite_options,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("SAFETYMAP_VAR_DIR", BASE_DIR / "var"))

ENVIRONMENT = os.environ.get("SAFETYMAP_ENV", "development")
if ENVIRONMENT not in {"development", "test", "production"}:
    raise ImproperlyConfigured(
        f"SAFETYMAP_ENV must be development, test or production, not {ENVIRONMENT!r}."
    )
IS_PRODUCTION = ENVIRONMENT == "production"


def _required(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(
            f"{name} must be set when SAFETYMAP_ENV=production (see docs/deploy.md)."
        )
    return value


def _list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


if IS_PRODUCTION:
    SECRET_KEY = _required("SECRET_KEY")
    ALLOWED_HOSTS = _list("ALLOWED_HOSTS") or [_required("ALLOWED_HOSTS")]
    DEBUG = False
else:
    # A development key is fine: it never signs anything outside this machine.
    SECRET_KEY = os.environ.get(
        "SECRET_KEY", "development-only-key-not-for-production-use-0123456789"
    )
    ALLOWED_HOSTS = _list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
    DEBUG = os.environ.get("DEBUG", "1" if ENVIRONMENT == "development" else "0") == "1"

# The audit trail's key: each event's hash is an HMAC under it, and the checkpoints are signed
# with it (safetymap/audit/chain.py, checkpoints.py). The database never holds it, so someone who
# can write the database cannot re-hash the trail after an edit. Keep it apart from SECRET_KEY
# and from the database's own backups; losing it means the trail can no longer be checked.
if IS_PRODUCTION:
    SAFETYMAP_AUDIT_KEY = _required("SAFETYMAP_AUDIT_KEY")
    if len(SAFETYMAP_AUDIT_KEY) < 32 or SAFETYMAP_AUDIT_KEY == SECRET_KEY:
        raise ImproperlyConfigured(
            "SAFETYMAP_AUDIT_KEY must be at least 32 random characters, and not SECRET_KEY "
            "(see docs/deploy.md)."
        )
else:
    # Development and tests only: a fixed key, so their trails verify from one run to the next.
    SAFETYMAP_AUDIT_KEY = os.environ.get(
        "SAFETYMAP_AUDIT_KEY", "development-only-audit-key-not-for-production-use"
    )
# Where `manage.py write_audit_checkpoint` appends the signed checkpoints: outside the database,
# ideally on storage its administrators cannot write (docs/deploy.md). The test run uses a
# temporary folder (and each audit test its own).
if os.environ.get("SAFETYMAP_AUDIT_CHECKPOINT_DIR"):
    SAFETYMAP_AUDIT_CHECKPOINT_DIR = Path(os.environ["SAFETYMAP_AUDIT_CHECKPOINT_DIR"])
elif ENVIRONMENT == "test":
    SAFETYMAP_AUDIT_CHECKPOINT_DIR = Path(tempfile.mkdtemp(prefix="safetymap-test-checkpoints-"))
    atexit.register(shutil.rmtree, SAFETYMAP_AUDIT_CHECKPOINT_DIR, ignore_errors=True)
else:
    SAFETYMAP_AUDIT_CHECKPOINT_DIR = VAR_DIR / "audit-checkpoints"

CSRF_TRUSTED_ORIGINS = _list("CSRF_TRUSTED_ORIGINS")
# Use the X-Request-ID header from the council's proxy on audit events (only if the proxy sets it).
SAFETYMAP_TRUST_REQUEST_ID = os.environ.get("SAFETYMAP_TRUST_REQUEST_ID", "0") == "1"

# --- Rate limits on the public forms (safetymap/core/public_forms.py, django-ratelimit) --------

# How many reverse proxies the council runs in front of the service. 0: the client is REMOTE_ADDR.
# N: the client is the address N places from the right of X-Forwarded-For (what the outermost
# trusted proxy saw); anything further left was written by the client and is never believed.
SAFETYMAP_TRUSTED_PROXIES = int(os.environ.get("SAFETYMAP_TRUSTED_PROXIES", 0))
if SAFETYMAP_TRUSTED_PROXIES < 0:
    raise ImproperlyConfigured("SAFETYMAP_TRUSTED_PROXIES must be 0 or more (docs/deploy.md).")
RATELIMIT_IP_META_KEY = "safetymap.core.public_forms.client_address"
RATELIMIT_USE_CACHE = "ratelimit"
# The counts must be shared by every web worker: gunicorn's workers are separate processes, so
# the per-process memory cache would give each its own count. Production uses the database
# cache by default (`migrate` makes its table whatever the settings); a redis:// URL uses Redis
# (needs the `redis` package). Counters are small; room for many, so an attack cannot cull live
# counts.
_RATELIMIT_CACHE = os.environ.get(
    "SAFETYMAP_RATELIMIT_CACHE", "database" if IS_PRODUCTION else "memory"
).strip()
_CACHE_OPTIONS = {"MAX_ENTRIES": 100_000}
if _RATELIMIT_CACHE == "database":
    _ratelimit_cache = {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": RATELIMIT_CACHE_TABLE,
        "OPTIONS": _CACHE_OPTIONS,
    }
elif _RATELIMIT_CACHE.startswith(("redis://", "rediss://")):
    _ratelimit_cache = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": _RATELIMIT_CACHE,
    }
elif _RATELIMIT_CACHE == "memory":
    _ratelimit_cache = {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "safetymap-ratelimit",
        "OPTIONS": _CACHE_OPTIONS,
    }
else:
    raise ImproperlyConfigured(
        "SAFETYMAP_RATELIMIT_CACHE must be database, memory or a redis:// URL (docs/deploy.md)."
    )
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "ratelimit": _ratelimit_cache,
}

# --- Applications -----------------------------------------------------------------------------

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",  # lets the form renderer find Django's own widget templates
    "django_tasks",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # Wagtail, for the partnership's public pages only (docs/partnership.md). No embeds (they
    # fetch from other sites), no forms, redirects or sites admin; users and groups are hidden.
    "wagtail.users",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "wagtail.contrib.routable_page",
    "modelcluster",
    "taggit",
    "safetymap.core",
    "safetymap.accounts",
    "safetymap.access",
    "safetymap.audit",
    "safetymap.people",
    "safetymap.cases",
    "safetymap.mapping",
    "safetymap.partnership",
    "safetymap.uploads",
    "safetymap.voice",
    "safetymap.safety",
    "safetymap.feedback",
    "safetymap.conferences",
    "safetymap.retention",
    "safetymap.worker",
    "safetymap.backups",
    "safetymap.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outside every middleware that can fail (the session's database, above all), so that an
    # error page made by any of them has the policy and the headers too.
    "csp.middleware.CSPMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "safetymap.core.middleware.PrivatePagesMiddleware",
    "safetymap.core.middleware.RequestIdMiddleware",
    "safetymap.core.middleware.RequestTooBigMiddleware",
    "safetymap.core.middleware.NoNulInAddressMiddleware",
    "safetymap.core.middleware.DatabaseBusyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "safetymap.accounts.middleware.SessionTimeoutMiddleware",
    "safetymap.accounts.middleware.SignInRequiredMiddleware",
    "safetymap.accounts.middleware.SecondStepRequiredMiddleware",
    "safetymap.access.middleware.AccessBasisOncePerRequestMiddleware",
    "safetymap.partnership.middleware.EditorGateMiddleware",
    "axes.middleware.AxesMiddleware",
    "safetymap.core.middleware.OneSubmissionMiddleware",  # last: the page runs inside it
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first, so a locked account name is refused
    "django.contrib.auth.backends.ModelBackend",
]
# Five wrong passwords for one account name lock it for 15 minutes, whoever is trying and
# whether or not the account exists (so the lock does not reveal which accounts exist).
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", 5))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", 15)))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_USERNAME_CALLABLE = "safetymap.accounts.lockout.account_name"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "safetymap.accounts.views.locked_out"
AXES_VERBOSE = False
# Locking by IP address as well would lock a whole council out at once behind its shared proxy;
# rate limiting by address belongs at the proxy (docs/deploy.md), so this warning is silenced.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

# --- Sign-in through the council's identity provider (OpenID Connect), optional ---------------
# Off unless OIDC_RP_CLIENT_ID is set; then the other values below are required. Accounts are
# never created by it: the email address the provider vouches for must already have an active
# account (safetymap/accounts/identity_provider.py, docs/deploy.md "Signing in through the
# council's identity provider").
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_RP_CLIENT_ID", "").strip()
SAFETYMAP_OIDC_ENABLED = bool(OIDC_RP_CLIENT_ID)
if SAFETYMAP_OIDC_ENABLED:

    def _oidc(name: str) -> str:
        value = os.environ.get(name, "").strip()
        if not value:
            raise ImproperlyConfigured(
                f"{name} must be set when OIDC_RP_CLIENT_ID is (see docs/configuration.md)."
            )
        return value

    OIDC_RP_CLIENT_SECRET = _oidc("OIDC_RP_CLIENT_SECRET")
    OIDC_OP_AUTHORIZATION_ENDPOINT = _oidc("OIDC_OP_AUTHORIZATION_ENDPOINT")
    OIDC_OP_TOKEN_ENDPOINT = _oidc("OIDC_OP_TOKEN_ENDPOINT")
    OIDC_OP_USER_ENDPOINT = _oidc("OIDC_OP_USER_ENDPOINT")
    OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_RP_SIGN_ALGO", "RS256")
    if OIDC_RP_SIGN_ALGO.startswith(("RS", "ES", "PS")):
        OIDC_OP_JWKS_ENDPOINT = _oidc("OIDC_OP_JWKS_ENDPOINT")
    SAFETYMAP_OIDC_PROVIDER_NAME = _oidc("SAFETYMAP_OIDC_PROVIDER_NAME")
    AUTHENTICATION_BACKENDS.append(
        "safetymap.accounts.identity_provider.CouncilIdentityProviderBackend"
    )
else:
    SAFETYMAP_OIDC_PROVIDER_NAME = ""
# The ID token's issuer must be this, when set (the provider's "issuer" in its discovery document).
OIDC_OP_ISSUER = os.environ.get("OIDC_OP_ISSUER", "").strip()
OIDC_RP_SCOPES = "openid email"
OIDC_CREATE_USER = False  # a system administrator creates every account
OIDC_USE_NONCE = True
OIDC_USE_PKCE = os.environ.get("OIDC_USE_PKCE", "1") == "1"
OIDC_TIMEOUT = int(os.environ.get("OIDC_TIMEOUT", 10))
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:identity-provider-callback"
# Only an address the provider says it has verified is matched, unless the council says its
# provider's addresses are all set by its own administrators (Microsoft Entra ID work accounts
# do not send email_verified).
SAFETYMAP_OIDC_REQUIRE_EMAIL_VERIFIED = (
    os.environ.get("SAFETYMAP_OIDC_REQUIRE_EMAIL_VERIFIED", "1") == "1"
)
# The service's own second step still applies after the identity provider, unless the council
# says its provider enforces multi-factor authentication AND the ID token shows it was used: an
# "amr" value or the "acr" value among SAFETYMAP_OIDC_MFA_CLAIM_VALUES.
SAFETYMAP_OIDC_IDP_ENFORCES_MFA = os.environ.get("SAFETYMAP_OIDC_IDP_ENFORCES_MFA", "0") == "1"
SAFETYMAP_OIDC_MFA_CLAIM_VALUES = _list("SAFETYMAP_OIDC_MFA_CLAIM_VALUES", "mfa")

if IS_PRODUCTION:
    # WhiteNoise serves the collected, hashed static files; in development runserver does.
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "safetymap.core.context_processors.council",
                "safetymap.access.context_processors.service_navigation",
                "safetymap.access.context_processors.emergency_access",
                "safetymap.access.context_processors.header_search",
            ],
            "builtins": ["safetymap.core.templatetags.govuk"],
        },
    }
]

# --- Database ----------------------------------------------------------------------------------

if IS_PRODUCTION:
    DATABASES = {"default": dj_database_url.parse(_required("DATABASE_URL"), conn_max_age=60)}
    if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("DATABASE_URL must point to PostgreSQL in production.")
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": dj_database_url.config(
            default=f"sqlite:///{VAR_DIR / 'safetymap.sqlite3'}", conn_max_age=0
        )
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        sqlite_options(int(os.environ.get("SAFETYMAP_SQLITE_BUSY_TIMEOUT_SECONDS", "20")))
    )
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Timeouts on every PostgreSQL connection, in every profile, so the test run checks them.
    DATABASES["default"]["OPTIONS"] = postgresql_options(
        DATABASES["default"].get("OPTIONS", {}),
        statement_timeout_seconds=int(os.environ.get("SAFETYMAP_DB_STATEMENT_TIMEOUT_SECONDS", 30)),
        idle_in_transaction_timeout_seconds=int(
            os.environ.get("SAFETYMAP_DB_IDLE_IN_TRANSACTION_TIMEOUT_SECONDS", 60)
        ),
        connect_timeout_seconds=int(os.environ.get("SAFETYMAP_DB_CONNECT_TIMEOUT_SECONDS", 10)),
    )

# An optional PostgreSQL streaming replica for reads that may be a few seconds behind (reports,
# lists, search; docs/scaling.md). Without it nothing below is installed and every read uses
# DATABASE_URL, as always.
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "").strip()
# The replica serves nothing while it is further behind than this (seconds).
SAFETYMAP_REPLICA_MAX_LAG_SECONDS = float(os.environ.get("SAFETYMAP_REPLICA_MAX_LAG_SECONDS", 5))
DATABASE_ROUTERS: list[str] = []
if DATABASE_REPLICA_URL:
    DATABASES[REPLICA_ALIAS] = replica_database(DATABASE_REPLICA_URL, DATABASES["default"])
    DATABASE_ROUTERS = ["safetymap.core.db_routing.ReplicaRouter"]
    # Inside sign-in and the session, around the page: whether its reads may use the replica.
    MIDDLEWARE.insert(
        MIDDLEWARE.index("safetymap.core.middleware.OneSubmissionMiddleware"),
        "safetymap.core.db_routing.ReplicaReadsMiddleware",
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts and passwords --------------------------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "accounts:my-work"
LOGOUT_REDIRECT_URL = "accounts:sign-in"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
]
if ENVIRONMENT == "test":
    # Argon2 stays the hasher under test, with the cheapest parameters, so the suite stays fast.
    PASSWORD_HASHERS = ["safetymap.accounts.hashers.FastArgon2PasswordHasher"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Passwords known from data breaches are refused (pwned-passwords-django: only the first 5
# characters of the password's SHA-1 hash leave the service, k-anonymity). If the Pwned Passwords
# API cannot be reached in time, the check falls back to Django's common-password list, so a
# password is never accepted unchecked. On by default in production only: this machine and the
# test run have no internet.
SAFETYMAP_BREACHED_PASSWORD_CHECK = (
    os.environ.get("SAFETYMAP_BREACHED_PASSWORD_CHECK", "1" if IS_PRODUCTION else "0") == "1"
)
SAFETYMAP_BREACHED_PASSWORD_VALIDATOR = {
    "NAME": "pwned_passwords_django.validators.PwnedPasswordsValidator",
    "OPTIONS": {
        "error_message": (
            "This password has appeared in a data breach elsewhere, so criminals try it. "
            "Choose a different password"
        )
    },
}
if SAFETYMAP_BREACHED_PASSWORD_CHECK:
    AUTH_PASSWORD_VALIDATORS.append(SAFETYMAP_BREACHED_PASSWORD_VALIDATOR)
PWNED_PASSWORDS = {"API_TIMEOUT": float(os.environ.get("SAFETYMAP_BREACHED_PASSWORD_TIMEOUT", 2))}

SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", 8 * 60 * 60))  # a working day
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Signed out after this long without doing anything (with a warning two minutes before).
SAFETYMAP_IDLE_TIMEOUT_MINUTES = int(os.environ.get("SAFETYMAP_IDLE_TIMEOUT_MINUTES", 30))
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "safetymap.core.views.csrf_failure"
# Messages ride in the session, so the service sets only its two essential cookies.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# --- Security headers (all profiles; HTTPS-only settings in production) -----------------------

X_FRAME_OPTIONS = "DENY"
# No inline script or style anywhere: everything comes from our own static files.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if IS_PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "1") == "1"
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # __Host- cookies are only sent over HTTPS, to this exact host, for the whole site.
    SESSION_COOKIE_NAME = "__Host-safetymap-session"
    CSRF_COOKIE_NAME = "__Host-safetymap-csrf"
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 31536000))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = os.environ.get("SECURE_HSTS_PRELOAD", "1") == "1"

# --- Language, time ----------------------------------------------------------------------------

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"  # shown in London time; stored in UTC
USE_I18N = True
USE_TZ = True

# --- Static files ------------------------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [
    BASE_DIR / "build" / "static",  # the compiled stylesheet (make css)
    ("govuk", BASE_DIR / "node_modules" / "govuk-frontend" / "dist" / "govuk"),
    # GOV.UK's accessible autocomplete, for the people pickers (core/pickers.py, js/app.js)
    ("autocomplete", BASE_DIR / "node_modules" / "accessible-autocomplete" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if IS_PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# The address people use to reach the service (https://safetymap.council.gov.uk), defined once:
# every absolute link (emails, set-up and password links, Wagtail's admin, the Atom feed) starts
# with it, never with the request's Host header, which the sender chooses. Required in
# production, so no link there points at localhost.
SAFETYMAP_BASE_URL = (
    _required("SAFETYMAP_BASE_URL")
    if IS_PRODUCTION
    else os.environ.get("SAFETYMAP_BASE_URL", "http://127.0.0.1:8000")
).rstrip("/")
# Where new briefing requests are announced; empty: every partnership administrator.
SAFETYMAP_PARTNERSHIP_EMAIL = os.environ.get("SAFETYMAP_PARTNERSHIP_EMAIL", "")

# --- The partnership's public pages (Wagtail) -------------------------------------------------
# Editors (partnership administrators and practice leads) publish at /editor/; the public pages
# are under /partnership/. See docs/partnership.md for every choice made here.

WAGTAIL_SITE_NAME = "Safeguarding partnership"
WAGTAILADMIN_BASE_URL = SAFETYMAP_BASE_URL
# The project's own sign-in, so its lockout, session timeouts and second factor apply.
WAGTAILADMIN_LOGIN_URL = "/sign-in/"
# Accounts are the system administrator's business, in the service's own pages.
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False
WAGTAILUSERS_PASSWORD_ENABLED = False
WAGTAIL_ENABLE_UPDATE_CHECK = False  # no calls to wagtail.org from the admin
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
WAGTAILADMIN_COMMENTS_ENABLED = False
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# Uploads: PDF documents and raster images only, size-limited; documents are streamed through
# Django (so the service's headers apply, X-Content-Type-Options: nosniff among them) and always
# as attachments, never shown inline on the service's own origin.
WAGTAILDOCS_EXTENSIONS = ["pdf"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = int(os.environ.get("SAFETYMAP_DOCUMENT_MAX_MB", 10)) * 1024 * 1024
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_INLINE_CONTENT_TYPES: list[str] = []
WAGTAILDOCS_DOCUMENT_FORM_BASE = "safetymap.partnership.uploads.PdfDocumentForm"
WAGTAILIMAGES_EXTENSIONS = ["png", "jpg", "jpeg", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = int(os.environ.get("SAFETYMAP_IMAGE_MAX_MB", 5)) * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
MEDIA_ROOT = Path(
    os.environ.get("SAFETYMAP_MEDIA_ROOT")
    # The test run keeps its uploads out of var/ in a folder of its own.
    or (tempfile.mkdtemp(prefix="safetymap-media-") if ENVIRONMENT == "test" else VAR_DIR / "media")
)
MEDIA_URL = "/media/"
# The one rich text whitelist for every editor field: headings, emphasis, lists, links.
SAFETYMAP_RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]

# --- Background work ---------------------------------------------------------------------------
# Emails and other slow work never run in a request: they are queued in the database and run by
# `manage.py run_worker` (started by `make run`; a second service in production). The test run
# executes them at once, in the same thread, so tests see their effects.

TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if ENVIRONMENT == "test"
            else "django_tasks_db.DatabaseBackend"
        )
    }
}
# The worker (manage.py run_worker, safetymap/worker/lease.py): a running task's lease, renewed
# every third of it; a worker gone longer than this has its task taken back. Each task's time
# limit (seconds; the default, and per task), and how many workers may die running one task
# before it is marked failed.
SAFETYMAP_TASK_LEASE_SECONDS = float(os.environ.get("SAFETYMAP_TASK_LEASE_SECONDS", "30"))
SAFETYMAP_TASK_TIME_LIMIT_SECONDS = float(
    os.environ.get("SAFETYMAP_TASK_TIME_LIMIT_SECONDS", "300")
)
SAFETYMAP_TASK_TIME_LIMITS = {
    "safetymap.conferences.tasks.make_record_document": float(
        os.environ.get("SAFETYMAP_DOCUMENT_TIME_LIMIT_SECONDS", "120")
    ),
}
SAFETYMAP_TASK_ATTEMPTS = 3

# --- Email -------------------------------------------------------------------------------------

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if IS_PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "safetymap@localhost")

# --- The council running this instance ---------------------------------------------------------

SAFETYMAP_COUNCIL_NAME = os.environ.get("SAFETYMAP_COUNCIL_NAME", "Larkford Borough Council")
SAFETYMAP_COUNCIL_LOGO = os.environ.get("SAFETYMAP_COUNCIL_LOGO", "images/council-logo.svg")
SAFETYMAP_COUNCIL_URL = os.environ.get("SAFETYMAP_COUNCIL_URL", "")
SAFETYMAP_SERVICE_NAME = os.environ.get("SAFETYMAP_SERVICE_NAME", "Safetymap")
# The second sign-in step (django-otp): the name authenticator apps show, and the slow-down after
# each wrong code (1 means 1, 2, 4, 8… seconds before the next try is checked).
OTP_TOTP_ISSUER = SAFETYMAP_SERVICE_NAME
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
SAFETYMAP_PHASE = os.environ.get("SAFETYMAP_PHASE", "Beta")
SAFETYMAP_FEEDBACK_EMAIL = os.environ.get("SAFETYMAP_FEEDBACK_EMAIL", "safetymap@larkford.example")
SAFETYMAP_DEMO_PASSWORD = os.environ.get("SAFETYMAP_DEMO_PASSWORD", "Larkford-demo-2026")
SAFETYMAP_LA_CHILD_ID_PREFIX = os.environ.get("SAFETYMAP_LA_CHILD_ID_PREFIX", "LRK")
# How long recording a child, or opening one as a front door enquiry, gives sight of them.
SAFETYMAP_RECORDED_CHILD_ACCESS_HOURS = int(
    os.environ.get("SAFETYMAP_RECORDED_CHILD_ACCESS_HOURS", 72)
)
SAFETYMAP_FRONT_DOOR_ENQUIRY_HOURS = int(os.environ.get("SAFETYMAP_FRONT_DOOR_ENQUIRY_HOURS", 24))
# Emergency ("break-glass") access to a record without a relationship: how long it lasts.
SAFETYMAP_EMERGENCY_ACCESS_HOURS = int(os.environ.get("SAFETYMAP_EMERGENCY_ACCESS_HOURS", 2))
# Reminder emails list what falls due within this many working days, and what is overdue.
SAFETYMAP_REMINDER_WORKING_DAYS = int(os.environ.get("SAFETYMAP_REMINDER_WORKING_DAYS", 2))
# R17 (off by default): a plan may end at its first review conference only in exceptional
# circumstances, which must then be described.
SAFETYMAP_R17_FIRST_REVIEW_ENDS_PLAN_ONLY_EXCEPTIONALLY = (
    os.environ.get("SAFETYMAP_R17_FIRST_REVIEW_ENDS_PLAN_ONLY_EXCEPTIONALLY", "0") == "1"
)
# The safety scale, shown on every rating (R23). Councils choose the wording; ten is safe unless
# the deployment says otherwise, and ratings with different orientations are never combined.
SAFETYMAP_SCALE = {
    "orientation": os.environ.get("SAFETYMAP_SCALE_ORIENTATION", "TEN_IS_SAFE"),
    "anchor_0": os.environ.get(
        "SAFETYMAP_SCALE_ANCHOR_0",
        "So unsafe the children need to live somewhere else for now",
    ),
    "anchor_10": os.environ.get(
        "SAFETYMAP_SCALE_ANCHOR_10",
        "Safe enough for children's social care to close the case",
    ),
}
# R24: a professional rating at or below this alerts the chair and the team manager.
SAFETYMAP_ESCALATION_THRESHOLD = int(os.environ.get("SAFETYMAP_ESCALATION_THRESHOLD", 2))
# Extra words to avoid in maps, and their plain alternatives, as JSON (R18); a term mapped to
# null removes one of the defaults in safetymap/mapping/jargon.py.
SAFETYMAP_JARGON = json.loads(os.environ.get("SAFETYMAP_JARGON", "{}"))
# The council's local timers (R7), as JSON, e.g. {"core_group_interval_weeks": 4}; the defaults
# and names are in safetymap/cases/timescales.py (LocalTimescales).
SAFETYMAP_TIMESCALES = json.loads(os.environ.get("SAFETYMAP_TIMESCALES", "{}"))
# R32: a broken rule or a red flag in a safety plan asks for the safety network to meet again
# within this many working days (the "reconvene the network" task on My work).
SAFETYMAP_RECONVENE_NETWORK_WORKING_DAYS = int(
    os.environ.get("SAFETYMAP_RECONVENE_NETWORK_WORKING_DAYS", 5)
)

# --- Uploads and the child's voice (docs/voice.md) ----------------------------------------------

# Where uploaded pictures are kept: outside the web root, served only through the checked view.
# The test run keeps them in a temporary folder of its own, never in var/.
if os.environ.get("SAFETYMAP_UPLOAD_ROOT"):
    SAFETYMAP_UPLOAD_ROOT = Path(os.environ["SAFETYMAP_UPLOAD_ROOT"])
elif ENVIRONMENT == "test":
    SAFETYMAP_UPLOAD_ROOT = Path(tempfile.mkdtemp(prefix="safetymap-test-uploads-"))
    atexit.register(shutil.rmtree, SAFETYMAP_UPLOAD_ROOT, ignore_errors=True)
else:
    SAFETYMAP_UPLOAD_ROOT = VAR_DIR / "uploads"
# The most a form may send, files apart (Django's default, made explicit): past it the person is
# shown the limit (core.middleware.RequestTooBigMiddleware). Every text field's own limit is far
# below, so long text is a field error that keeps what was typed (tests/core/test_large_input.py).
DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("SAFETYMAP_FORM_MAX_BYTES", 2_621_440))
SAFETYMAP_UPLOAD_MAX_BYTES = int(os.environ.get("SAFETYMAP_UPLOAD_MAX_BYTES", 10 * 1024 * 1024))
# Decompression-bomb guard: a picture declaring more pixels than this is refused before decoding.
SAFETYMAP_UPLOAD_MAX_PIXELS = int(os.environ.get("SAFETYMAP_UPLOAD_MAX_PIXELS", 40_000_000))
# Words and Pictures are written for children: the plain-language check aims lower than the map.
SAFETYMAP_WORDS_AND_PICTURES_READING_AGE = int(
    os.environ.get("SAFETYMAP_WORDS_AND_PICTURES_READING_AGE", 8)
)
# R26: days after a child in need or child protection plan starts by which the child should have
# had an explanation (Words and Pictures or other) of why we are involved.
SAFETYMAP_EXPLANATION_DUE_DAYS = int(os.environ.get("SAFETYMAP_EXPLANATION_DUE_DAYS", 28))
# Conference feedback (docs/feedback.md): how long a feedback link works (the links start with
# SAFETYMAP_BASE_URL, above).
SAFETYMAP_FEEDBACK_LINK_DAYS = int(os.environ.get("SAFETYMAP_FEEDBACK_LINK_DAYS", 28))

# --- Logging -----------------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Under test, each page's own INFO lines (the live server, Wagtail's page saves, the
        # task worker, the lockout's resets) bury the failures that matter.
        **(
            {
                name: {"level": "WARNING"}
                for name in ("django.server", "wagtail", "django_tasks", "axes", "modelsearch")
            }
            if ENVIRONMENT == "test"
            else {}
        ),
        # WeasyPrint (booklet PDFs) reports every step of every document at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
FORM_RENDERER = "safetymap.core.govuk_forms.GovukFormRenderer"
# A set-password link works for 2 hours: long enough to open the email, short enough that an
# old email found later is no use. The pages and the email read it from here.
PASSWORD_RESET_TIMEOUT = 2 * 60 * 60
# A set-up link (accounts.models.SetUpLink), issued by a system administrator so a person can set
# up their second sign-in step, works once, for this many hours.
SAFETYMAP_SET_UP_LINK_HOURS = int(os.environ.get("SAFETYMAP_SET_UP_LINK_HOURS", 24))
