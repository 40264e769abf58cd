"""Settings for the provenance desk, read from the environment.

Safe by default: DEBUG is off unless asked for, and with DEBUG off the app refuses to start
without a real secret key and an explicit list of allowed hosts. SQLite (a file in the project
folder, write-ahead log on) is the embedded default; DATABASE_URL switches to PostgreSQL.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    if value.strip().lower() in {"1", "true", "yes", "on"}:
        return True
    if value.strip().lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {value!r}.")


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", default=False)

# Only a development server may run on a throwaway key; it is marked insecure so that
# Django's deploy checks flag it if it ever leaks into production.
DEVELOPMENT_SECRET_KEY = "django-insecure-development-only-never-use-this-key-in-production"
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it to a long random string "
            "(python -c 'import secrets; print(secrets.token_urlsafe(50))'), "
            "or set DJANGO_DEBUG=1 for local development."
        )
    SECRET_KEY = DEVELOPMENT_SECRET_KEY
elif not DEBUG and (
    SECRET_KEY.startswith("django-insecure") or len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5
):
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY is too weak for DEBUG off: use at least 50 random characters "
        "that do not start with 'django-insecure'."
    )

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "DJANGO_ALLOWED_HOSTS is not set. Give the host names this site answers to, "
        "separated by commas (e.g. quotes.example.org)."
    )
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Django's admin, with the desk's site (newsroom/admin_site.py).
    "newsroom.apps.DeskAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    # Full-text search on PostgreSQL (newsroom/search.py); harmless on SQLite.
    "django.contrib.postgres",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "csp",
    "axes",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "newsroom",
    "sources",
    "timeline",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Refuses a multipart body cut short (newsroom/middleware.py); before anything reads a body.
    "newsroom.middleware.WholeUploadMiddleware",
    # The Content Security Policy; inline styles only on the browsable API (newsroom/csp.py).
    "newsroom.csp.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Logs every request refused with 403 to the audit log (newsroom/audit.py).
    "newsroom.audit.RefusedRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Records the signed-in user as the author of every history row written during a request.
    "simple_history.middleware.HistoryRequestMiddleware",
    "newsroom.middleware.DatabaseUnavailableMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Turns a login refused for too many failures into the lockout page; last, so that it sees
    # the flag the authentication backend set during the view.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsroom.urls"

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
            ],
        },
    },
]

WSGI_APPLICATION = "newsroom.wsgi.application"

SQLITE_PATH = Path(os.environ.get("DJANGO_SQLITE_PATH", BASE_DIR / "db.sqlite3"))
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL,
            conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
            conn_health_checks=True,
        )
    }
    # An unreachable host answers 503 in seconds rather than after the system's TCP timeout
    # (minutes), well before gunicorn's worker timeout. The URL's own ?connect_timeout wins.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": SQLITE_PATH,
            "OPTIONS": {
                # The write-ahead log lets readers carry on while an editor saves; IMMEDIATE
                # transactions take the write lock up front instead of failing half-way.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                # Seconds a write waits for another's lock before the 503 (newsroom/middleware):
                # below gunicorn's 30 s worker timeout, above any editor's save.
                "timeout": float(os.environ.get("DJANGO_SQLITE_TIMEOUT", "10")),
            },
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Seconds a client is asked to wait (Retry-After) when the database is unavailable.
DATABASE_UNAVAILABLE_RETRY_AFTER = int(os.environ.get("DJANGO_DB_RETRY_AFTER", "30"))

# One cache for every worker: DRF's throttles count requests in it, so a limit holds however many
# gunicorn workers answer. The database cache needs nothing more than the database (its table is
# made by the migration newsroom/migrations/0003_cache_table.py); Redis when REDIS_URL is set.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "newsroom_cache",
            # Throttle entries live a minute or so; culling keeps the table small.
            "OPTIONS": {"MAX_ENTRIES": 50_000},
        }
    }

# Admin and API logins: after DJANGO_AXES_FAILURE_LIMIT failed attempts for one username from one
# address, that pair is locked out for the cool-off period. A success resets the count.
AUTHENTICATION_BACKENDS = [
    # First: it refuses a locked-out pair before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("DJANGO_AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("DJANGO_AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "newsroom.lockout.locked_out"
# The credentials' field name in the admin's login form and in the API's token request.
AXES_USERNAME_FORM_FIELD = "username"

# History keeps the reason given for every change; a reviewer's note can be long.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
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

REST_FRAMEWORK = {
    # Programs send a token; browsers (the browsable API) sign in with the admin's session.
    # Token first, so that a request without credentials is answered 401 with WWW-Authenticate.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["newsroom.api.permissions.EditorialPermission"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "newsroom.api.pagination.PagePagination",
    "PAGE_SIZE": 20,
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_PARSER_CLASSES": [
        "newsroom.api.parsers.JSONParser",
        # The browsable API's forms.
        "newsroom.api.parsers.FormParser",
        "newsroom.api.parsers.MultiPartParser",
    ],
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("DJANGO_API_ANON_RATE", "120/minute"),
        "user": os.environ.get("DJANGO_API_USER_RATE", "1200/minute"),
    },
    "EXCEPTION_HANDLER": "newsroom.api.errors.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "newsroom.api.schema.AutoSchema",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}

# A request body larger than this is refused (413) before it is parsed.
DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("DJANGO_MAX_REQUEST_BYTES", 2_621_440))

SPECTACULAR_SETTINGS = {
    "TITLE": "Provenance desk API",
    "DESCRIPTION": (
        "Quotations and claims with who said them, where they first appeared, how they "
        "travelled from source to source, and whether an editor has checked them. Anonymous "
        "clients read published records; signed-in staff (token or session) also write, "
        "through the same review rules as the admin."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI from our own static files: the docs work offline, with no CDN. (ReDoc is left
    # out: its page loads Google Fonts.)
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "ReviewStateEnum": "newsroom.workflow.ReviewState",
        "ReviewActionEnum": "newsroom.workflow.Action",
        "DatePrecisionEnum": "newsroom.dates.DatePrecision",
        "AnchorStatusEnum": "sources.models.AnchorStatus",
        "SourceKindEnum": "sources.models.SourceKind",
        "OutletKindEnum": "sources.models.OutletKind",
        "EntityKindEnum": ["person", "organization", "work"],
    },
}

# Production hardening (DEBUG off): HTTPS only, cookies that scripts and other sites cannot use,
# and no framing. `manage.py check --deploy --fail-level WARNING` passes with these defaults.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
# Behind a proxy that terminates TLS, the header it sets for HTTPS requests, e.g.
# "X-Forwarded-Proto". Only set it when the proxy always sets (or strips) that header itself:
# otherwise a client could claim HTTPS.
_PROXY_SSL_HEADER = os.environ.get("DJANGO_SECURE_PROXY_SSL_HEADER", "").strip()
if _PROXY_SSL_HEADER:
    SECURE_PROXY_SSL_HEADER = (
        "HTTP_" + _PROXY_SSL_HEADER.upper().replace("-", "_"),
        os.environ.get("DJANGO_SECURE_PROXY_SSL_VALUE", "https"),
    )
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
# No script reads the CSRF cookie: the admin, the browsable API and Swagger UI take the token
# from the page.
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = "Lax"

# Content Security Policy (django-csp 4): nothing unless named. Scripts only from this site or
# with the request's nonce; no plugins, no framing, no forms posting elsewhere. Inline styles
# are allowed only on the browsable API, whose DRF templates need them (newsroom/csp.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "manifest-src": [SELF],
        "form-action": [SELF],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
    },
}

# The audit log (newsroom/audit.py): every change, sign-in, failed sign-in and refused action,
# on standard error and, when DJANGO_AUDIT_LOG names a file, there too (reopened when rotated).
AUDIT_LOG = os.environ.get("DJANGO_AUDIT_LOG", "")
AUDIT_HANDLERS = [
    *(["audit"] if env_bool("DJANGO_AUDIT_STDERR", default=True) else []),
    *(["audit_file"] if AUDIT_LOG else []),
]
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"audit": {"()": "newsroom.audit.AuditFormatter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "audit": {"class": "logging.StreamHandler", "formatter": "audit"},
        **(
            {
                "audit_file": {
                    "class": "logging.handlers.WatchedFileHandler",
                    "filename": AUDIT_LOG,
                    "formatter": "audit",
                }
            }
            if AUDIT_LOG
            else {}
        ),
    },
    "loggers": {
        "newsroom.audit": {
            "handlers": AUDIT_HANDLERS,
            "level": "INFO",
            "propagate": False,
        },
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
}
