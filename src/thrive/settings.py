"""Django settings, read from environment variables only (12-factor).

Secure by default: DEBUG is off unless THRIVE_DEBUG/DEBUG says otherwise, and then a SECRET_KEY
must be given. Development conveniences (`make demo`, tests) set DEBUG explicitly.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent


def _env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = _env_bool("DEBUG")
TESTING = _env_bool("THRIVE_TESTING")


def _running_tests_or_type_checker() -> bool:
    # pytest (8.2+) exports PYTEST_VERSION to its own environment, so the servers and commands
    # the suite starts inherit it; mypy's Django plugin imports these settings in-process.
    import sys

    return "PYTEST_VERSION" in os.environ or "mypy" in sys.modules


if TESTING and not DEBUG and not _running_tests_or_type_checker():
    # Testing mode hashes passwords with MD5 and may sign with a published key: never in service.
    raise ImproperlyConfigured(
        "THRIVE_TESTING is set, but this is not a test run. Testing mode stores passwords with a "
        "weak hash and may use a published secret key, so Thrive refuses to start with it. "
        "Remove THRIVE_TESTING from the environment (it is for the test suite only)."
    )

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if DEBUG or TESTING:
        # Published on purpose: only with DEBUG or in tests, which production refuses (above).
        SECRET_KEY = "django-insecure-development-only-key-never-used-in-production"  # noqa: S105  # nosec B105
    elif _env_bool("THRIVE_CLI"):
        # Command-line runs sign nothing that outlives the process, so a throwaway key is safe.
        import secrets

        SECRET_KEY = secrets.token_urlsafe(50)
    else:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set the SECRET_KEY environment variable to a long random "
            "value (for example: python -c 'import secrets; print(secrets.token_urlsafe(50))'), "
            "or set DEBUG=1 for local development."
        )

ALLOWED_HOSTS = _env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if (DEBUG or TESTING) else "")

THRIVE_DATA_DIR = Path(os.environ.get("THRIVE_DATA_DIR", PROJECT_DIR / "var")).resolve()

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "simple_history",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "thrive.accounts",
    "thrive.councils",
    "thrive.web",
    "thrive.returns",
    "thrive.measures",
    "thrive.inspections",
    "thrive.plans",
    "thrive.governance",
    "thrive.audits",
    "thrive.voice",
    "thrive.packs",
    "thrive.alerts",
]

MIDDLEWARE = [
    "thrive.observability.RequestIdMiddleware",
    # A view failing because the database is unavailable answers 503 (see thrive.web.middleware).
    "thrive.web.middleware.DatabaseUnavailableMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "thrive.web.uploads.UploadLimitMiddleware",  # before CSRF, whose check parses the body
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "thrive.accounts.middleware.MfaRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "thrive.urls"
WSGI_APPLICATION = "thrive.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "thrive.councils.context_processors.current_council",
            ],
        },
    },
]
FORM_RENDERER = "thrive.web.forms.GovukFormRenderer"

_default_sqlite = f"sqlite:///{THRIVE_DATA_DIR / 'thrive.sqlite3'}"
if "DATABASE_URL" not in os.environ:
    THRIVE_DATA_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", _default_sqlite), conn_max_age=60, conn_health_checks=True
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    # Hashing strength is irrelevant for synthetic test users and slows the suite badly.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Sessions: idle timeout (renewed on every request), cookies not readable by scripts.
SESSION_COOKIE_AGE = int(os.environ.get("THRIVE_SESSION_MINUTES", "30")) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG and not TESTING:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = _env_bool("THRIVE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("THRIVE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    if _env_bool("THRIVE_BEHIND_PROXY"):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = _env_list("CSRF_TRUSTED_ORIGINS")

# Content-Security-Policy: no inline scripts or styles anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# Lockout after repeated failed sign-ins (django-axes), per username.
AXES_FAILURE_LIMIT = int(os.environ.get("THRIVE_LOCKOUT_FAILURES", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("THRIVE_LOCKOUT_MINUTES", "60")))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
# Council staff share a few outgoing IP addresses, so locking by IP would let one person lock
# out a whole office; accounts are locked by username instead (see docs/adr/0004).
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

OTP_TOTP_ISSUER = "Thrive"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/assets/"
# Development and tests serve assets straight from their folders; production collects them.
STATIC_ROOT = None if (DEBUG or TESTING) else THRIVE_DATA_DIR / "staticfiles"
GOVUK_FRONTEND_DIST = Path(
    os.environ.get(
        "THRIVE_GOVUK_FRONTEND_DIST", PROJECT_DIR / "node_modules" / "govuk-frontend" / "dist"
    )
)
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # GOV.UK Frontend's precompiled CSS points at /assets/fonts and /assets/images.
    GOVUK_FRONTEND_DIST / "govuk" / "assets",
    ("govuk", GOVUK_FRONTEND_DIST / "govuk"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if (DEBUG or TESTING)
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING
MEDIA_ROOT = THRIVE_DATA_DIR / "media"

# Uploads: caps enforced while the request streams in (thrive.web.uploads), so an oversized
# request is refused before it fills the disk. One returns upload must fit in one request.
THRIVE_UPLOAD_MAX_REQUEST_BYTES = int(os.environ.get("THRIVE_UPLOAD_MAX_REQUEST_MB", "500")) << 20
THRIVE_UPLOAD_MAX_FILE_BYTES = int(os.environ.get("THRIVE_UPLOAD_MAX_FILE_MB", "200")) << 20
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # form fields other than files (2.5 MB)
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
DATA_UPLOAD_MAX_NUMBER_FILES = 100  # = thrive.returns.services.MAX_FILES
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # a larger file goes to a temporary file as it arrives
FILE_UPLOAD_HANDLERS = [
    "thrive.web.uploads.CappedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
if TESTING:
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# After an ingest commits, queue a recompute of the council's measures for the background
# worker. Off in tests: the immediate backend would run a minute-long recompute inside the
# upload; tests that check the step switch it on.
THRIVE_RECOMPUTE_AFTER_INGEST = not TESTING
# The service's address, for links in emails (e.g. https://thrive.example.gov.uk); blank gives
# links relative to the site.
THRIVE_BASE_URL = os.environ.get("THRIVE_BASE_URL", "").rstrip("/")
# Days an upload's files (which hold the raw child identifiers) are kept after they are checked;
# 0 deletes them as soon as the upload is checked. `thrive retention` purges older ones.
THRIVE_UPLOAD_RETENTION_DAYS = int(os.environ.get("THRIVE_UPLOAD_RETENTION_DAYS", "0"))
if THRIVE_UPLOAD_RETENTION_DAYS < 0:
    raise ImproperlyConfigured("THRIVE_UPLOAD_RETENTION_DAYS must be 0 or more days.")

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "thrive@localhost")

# One-time enrolment links (invitations and authenticator resets) expire after this many hours.
THRIVE_ENROLMENT_LINK_HOURS = int(os.environ.get("THRIVE_ENROLMENT_LINK_HOURS", "72"))
# Single sign-on first link-up by email is allowed only for these email domains, per council:
# "887=medway.gov.uk;990=northbridge.example,nb.example" (see docs/security.md, Enrolment).
THRIVE_SSO_EMAIL_DOMAINS = os.environ.get("THRIVE_SSO_EMAIL_DOMAINS", "")

# Optional single sign-on (OpenID Connect, e.g. Microsoft Entra ID), off unless configured.
OIDC_ENABLED = bool(os.environ.get("OIDC_RP_CLIENT_ID"))
if OIDC_ENABLED:
    INSTALLED_APPS.append("mozilla_django_oidc")
    AUTHENTICATION_BACKENDS.append("thrive.accounts.oidc.ThriveOidcBackend")
    OIDC_RP_CLIENT_ID = os.environ["OIDC_RP_CLIENT_ID"]
    OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_RP_CLIENT_SECRET", "")
    OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_RP_SIGN_ALGO", "RS256")
    OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ["OIDC_OP_AUTHORIZATION_ENDPOINT"]
    OIDC_OP_TOKEN_ENDPOINT = os.environ["OIDC_OP_TOKEN_ENDPOINT"]
    OIDC_OP_USER_ENDPOINT = os.environ["OIDC_OP_USER_ENDPOINT"]
    OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_OP_JWKS_ENDPOINT", "")
    OIDC_RP_SCOPES = os.environ.get("OIDC_RP_SCOPES", "openid email profile")
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"].append(
        os.environ["OIDC_OP_AUTHORIZATION_ENDPOINT"]
    )

LOG_LEVEL = os.environ.get("THRIVE_LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "thrive.observability.JsonFormatter"}},
    "filters": {"request_id": {"()": "thrive.observability.RequestIdFilter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.server": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}
