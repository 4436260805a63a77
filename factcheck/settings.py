"""Every setting comes from the environment, in this one place.

The defaults are for the one-command local run (SQLite, tasks in-process). Production sets
DJANGO_DEBUG=false, DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS, DATABASE_URL and CELERY_BROKER_URL.
"""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from factcheck.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DJANGO_DEBUG", False)
_LOCAL_KEY = "local-development-key-not-for-production-use-0123456789abcdef"
SECRET_KEY = env_str("DJANGO_SECRET_KEY", _LOCAL_KEY if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "claims",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "factcheck.urls"
WSGI_APPLICATION = "factcheck.wsgi.application"

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
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"].endswith(("postgresql", "postgis")):
    # Our queries are short index lookups, batched: compiling one with JIT costs more than it
    # ever saves (50 ms of a 600 ms candidate read for 500 claims). Added to any options the URL
    # sets (a pooler in front of PostgreSQL must then pass startup options through).
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options["options"] = f"{_options.get('options', '')} -c jit=off".strip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Request bodies: a document of up to this many bytes is accepted; larger ones get 413.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("FACTCHECK_MAX_BODY_BYTES", 5 * 1024 * 1024, minimum=1024)

# Security: strict unless the local run asks for DEBUG.
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["claims.api.permissions.ReadOpenWriteAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "claims.api.pagination.PageNumbers",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "claims.api.schema.FactcheckSchema",
    "EXCEPTION_HANDLER": "claims.api.errors.exception_handler",
}
# Per-user rate for writes, e.g. "600/min"; empty means no limit.
FACTCHECK_WRITE_THROTTLE = env_str("FACTCHECK_WRITE_THROTTLE", "")
# Anonymous clients may read the API (claim status is public) unless this is turned off.
FACTCHECK_ANONYMOUS_READ = env_bool("FACTCHECK_ANONYMOUS_READ", True)

SPECTACULAR_SETTINGS = {
    "TITLE": "factcheck API",
    "DESCRIPTION": "Quantitative claims from news text, cross-checked, with evidence and verdicts.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI served from the package, not a CDN: the service needs no outside network.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {"VerdictStatusEnum": "claims.models.Claim.Status"},
    # Request bodies get components of their own ("SourceRequest"): what a request may hold
    # (claims.api.schema states its limits) is not what an answer may quote back.
    "COMPONENT_SPLIT_REQUEST": True,
    # The refusals every operation shares (400, 401, 403, 404, 413, 415, 429) and id bounds.
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "claims.api.schema.document_refusals",
    ],
}

# Celery: with no broker configured, tasks run in-process (the local run and unit tests).
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 300, minimum=1)
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 240, minimum=1)
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Work left pending longer than this is re-enqueued by the sweep.
# A running step is only taken for interrupted once it has outlived the task time limit.
FACTCHECK_STALE_SECONDS = env_int("FACTCHECK_STALE_SECONDS", CELERY_TASK_TIME_LIMIT + 60, minimum=1)
FACTCHECK_SWEEP_SECONDS = env_int("FACTCHECK_SWEEP_SECONDS", 60, minimum=1)
FACTCHECK_MAX_ATTEMPTS = env_int("FACTCHECK_MAX_ATTEMPTS", 5, minimum=1)
# How often each origin's reliability is learnt again from the stored evidence.
FACTCHECK_RELIABILITY_SECONDS = env_int("FACTCHECK_RELIABILITY_SECONDS", 3600, minimum=60)
CELERY_BEAT_SCHEDULE = {
    "sweep-pending-work": {
        "task": "claims.tasks.sweep_pending",
        "schedule": float(FACTCHECK_SWEEP_SECONDS),
        "options": {"expires": float(FACTCHECK_SWEEP_SECONDS)},
    },
    "recompute-origin-reliabilities": {
        "task": "claims.tasks.reliabilities_recompute",
        "schedule": float(FACTCHECK_RELIABILITY_SECONDS),
        "options": {"expires": float(FACTCHECK_RELIABILITY_SECONDS)},
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "INFO")},
}
