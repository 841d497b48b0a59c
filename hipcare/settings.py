"""HipCare settings, read from the environment.

Development defaults (DEBUG on, a throwaway key, localhost only) let `make run` work with no
configuration. With DEBUG=0 the settings refuse to start without a real SECRET_KEY and turn on
the HTTPS and cookie protections that `manage.py check --deploy` asks for.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)

DEV_SECRET_KEY = "django-insecure-hipcare-development-only"  # noqa: S105 - never used with DEBUG off
SECRET_KEY = os.environ.get("SECRET_KEY", "").strip()
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = DEV_SECRET_KEY
elif not DEBUG and (
    SECRET_KEY.startswith("django-insecure") or len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5
):
    raise ImproperlyConfigured(
        "SECRET_KEY is too weak for DEBUG off: use 50+ random characters "
        "(python -c 'import secrets; print(secrets.token_urlsafe(50))')."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "crispy_forms",
    "crispy_bootstrap5",
    "axes",
    "adminsortable2",
    "hipcare.submissions",
    "exercises",
    "routines",
    "triage",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "hipcare.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "hipcare.middleware.DatabaseUnavailableMiddleware",
    "exercises.catalogue.CatalogueVersionMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "hipcare.middleware.UserTimeZoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Vary on the htmx headers, the whole page for a history restore, HX-Redirect to sign in.
    "hipcare.htmx.HtmxPageMiddleware",
    # An htmx request's 404 gets the site's answer for the alert region, DEBUG on or off.
    "hipcare.middleware.HtmxNotFoundMiddleware",
    # A bare 405 (a form's address opened directly) becomes a page saying where to go.
    "hipcare.middleware.MethodNotAllowedPageMiddleware",
    # A page holding a one-time submission key is never stored (Back asks for it again).
    "hipcare.submissions.middleware.NoStoreFormPagesMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into our lockout page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # Refuses sign-in attempts for a locked-out account or address before checking passwords.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "hipcare.urls"
WSGI_APPLICATION = "hipcare.wsgi.application"

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
                "hipcare.context_processors.navigation",
            ],
            "libraries": {"layout": "hipcare.layout", "zoned_dates": "hipcare.zoned_dates"},
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Take the write lock when a transaction starts, and wait for it: a deferred transaction
    # that reads and then writes fails at once with "database is locked" when another
    # connection is writing.
    DATABASES["default"].setdefault("OPTIONS", {}).update(transaction_mode="IMMEDIATE", timeout=20)
elif (
    DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
    and os.environ.get("DATABASE_PREPARED_STATEMENTS", "1") != "0"
):
    # Send parameters apart from the SQL (server-side binding), so the queries every request
    # repeats (the session with its user, a page's version) are prepared once per connection
    # after five runs instead of planned every time: planning cost more than running them (see
    # bench/). Off with DATABASE_PREPARED_STATEMENTS=0, for a pooler in transaction mode
    # (PgBouncer before 1.21), where a prepared statement may not be on the next connection.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        server_side_binding=True, prepare_threshold=5
    )

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
# An expired or missing CSRF token: a page that says so, or for htmx a message it can show.
CSRF_FAILURE_VIEW = "hipcare.views.csrf_failure"
# After signing in with no page to go back to, for anyone neither a coach nor staff (who land
# on their routines or in admin: hipcare.views.SignInView).
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "en-gb"
# The default clock when a browser has not said its own (no JavaScript yet): HipCare is for
# runners and coaches in the UK (NHS guidance), so UK time, summer time included. A browser's
# own zone, when it reports one, wins (hipcare.middleware.UserTimeZoneMiddleware).
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Caches. Everything cached is keyed by a version that changes with the data (the catalogue's
# version number, a routine's last change), so an edit made through any process is seen at once
# by every process and old entries simply age out.
# - "default": small lookups through the low-level API (the catalogue's filter options...).
# - "fragments": template fragments ({% cache ... using="fragments" %}), apart so a benchmark
#   or a test can measure a full render with the lookups still warm.
# - "sessions": the cached_db session engine's cache. It must be shared by every process that
#   serves requests (signing out in one must sign out in all), so it is never per-process
#   memory: Redis when REDIS_URL is set, otherwise files in SESSION_CACHE_DIR on this machine.
# With REDIS_URL (several app servers), Django's own RedisCache backs "default" and "sessions".
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHE_KEY_PREFIX = os.environ.get("CACHE_KEY_PREFIX", "hipcare")
SESSION_CACHE_DIR = os.environ.get("SESSION_CACHE_DIR") or str(BASE_DIR / ".cache" / "sessions")
if REDIS_URL:
    CACHES = {
        alias: {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"{CACHE_KEY_PREFIX}:{alias}",
            "TIMEOUT": 60 * 60,
        }
        for alias in ("default", "fragments", "sessions")
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "default",
            "TIMEOUT": 60 * 60,
            "OPTIONS": {"MAX_ENTRIES": 2000},
        },
        "fragments": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "fragments",
            "TIMEOUT": 60 * 60,
            "OPTIONS": {"MAX_ENTRIES": 2000},
        },
        "sessions": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            # Django creates the folder readable by its owner only.
            "LOCATION": SESSION_CACHE_DIR,
            "OPTIONS": {"MAX_ENTRIES": 20000},
        },
    }

# base.html's links to the static files and a signed-out visitor's header, as cached parts read
# in one call (hipcare.layout) on a page that does not read them with its own parts: only where
# the fragments cache is this process's memory. With Redis that read is a round trip, which
# cost about as much CPU in-process as drawing them (bench/cpu.py on the home page), and the
# Redis server's own work on top; pages that read their cached parts in one call (the runner's
# page, the builder) read them with those either way. Off with DEBUG too: the parts are keyed by
# base.html's source as the process first read it, and `make run` reloads an edited template
# without a restart.
CACHE_LAYOUT_PARTS = env_bool("CACHE_LAYOUT_PARTS", not REDIS_URL and not DEBUG)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Django's database sessions with a write-through cache (the "sessions" cache above).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_CACHE_ALIAS = "sessions"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

if not DEBUG:
    # Behind a TLS-terminating proxy, set SECURE_PROXY_SSL_HEADER=1 so Django trusts it.
    if env_bool("SECURE_PROXY_SSL_HEADER", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)

# Content Security Policy (django-csp): everything from our own origin, no inline scripts or
# styles, no eval. Every script is a file of ours (django-htmx's {% htmx_script %} is a
# <script src>), so no nonce either: a page then holds no value that changes per request
# besides the CSRF tokens and one-time keys of its forms, which lets ETags work.
# data: images are Bootstrap's form icons and the QR code on a printed routine.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}
# Browser features HipCare never uses, turned off for every page.
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), "
    "gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), usb=(), "
    "screen-wake-lock=(), xr-spatial-tracking=()"
)

# Sign-in throttling (django-axes): 5 failures for one username, or from one address, lock
# further attempts for 15 minutes. Django admin signs in through the same backend.
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
AXES_USERNAME_CALLABLE = "hipcare.auth.axes_username"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# The symptom checker's numbers and words for getting help (triage): the emergency number
# shown on an emergency answer (with 112 for Europe, and after the number of the browser's
# time zone's country when that uses another: triage/emergency.py), and how to be seen today.
EMERGENCY_NUMBER = os.environ.get("EMERGENCY_NUMBER", "999")
URGENT_CARE_NUMBER = os.environ.get("URGENT_CARE_NUMBER", "111")
URGENT_CARE_TEXT = os.environ.get(
    "URGENT_CARE_TEXT",
    "Call your GP surgery and ask for an appointment today. If it is closed, or you can't get "
    "one, call NHS 111 or use 111.nhs.uk.",
)
