"""Ferry's settings, all from the environment.

With nothing set, Ferry runs embedded: SQLite, an in-process dispatcher and the in-memory channel
layer. ``DATABASE_URL`` switches to PostgreSQL; ``REDIS_URL`` (or ``CELERY_BROKER_URL`` for
RabbitMQ) switches run execution to Celery workers and live events to the Redis channel layer.
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url

from backend.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(env_str("FERRY_DATA_DIR", str(BASE_DIR / "var")))
DATA_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("FERRY_DEBUG", False)
SECRET_KEY = env_str("FERRY_SECRET_KEY", "")
if not SECRET_KEY:
    # A generated key kept in the data directory, so sessions and encrypted connections survive
    # restarts of an embedded install without any configuration.
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        import secrets

        key_file.write_text(secrets.token_urlsafe(48))
        key_file.chmod(0o600)
    SECRET_KEY = key_file.read_text().strip()

FERRY_ENCRYPTION_KEY = env_str("FERRY_ENCRYPTION_KEY", "")
"""Fernet key (or any passphrase) for connection secrets; defaults to one from SECRET_KEY."""

ALLOWED_HOSTS = env_list("FERRY_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list(
    "FERRY_CSRF_TRUSTED_ORIGINS", ["http://127.0.0.1:8000", "http://localhost:8000"]
)

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "channels",
    "backend.designer",
    "backend.runs",
    "backend.connections",
    "backend.ingress",
    "backend.api",
    "backend.bindings",
    "backend.durability",
    "backend.monitoring",
    "backend.alerts",
    "backend.insights",
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

ROOT_URLCONF = "backend.urls"
ASGI_APPLICATION = "backend.asgi.application"
WSGI_APPLICATION = "backend.wsgi.application"

FRONTEND_DIST = BASE_DIR / "frontend" / "dist"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [FRONTEND_DIST],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]

DATABASE_URL = env_str("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env_str("FERRY_SQLITE_PATH", str(DATA_DIR / "ferry.sqlite3")),
            "OPTIONS": {
                # WAL lets readers run beside the one writer; IMMEDIATE takes the write lock at
                # BEGIN so two writers queue on busy_timeout instead of failing to upgrade.
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;"
                ),
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
            "TEST": {"NAME": str(DATA_DIR / "test-ferry.sqlite3")},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
FERRY_PREPARED_STATEMENTS = env_bool("FERRY_PREPARED_STATEMENTS", True)
"""Prepare the statements every run executes, on PostgreSQL (off behind a pooler that cannot)."""
if FERRY_PREPARED_STATEMENTS and DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # psycopg prepares nothing while this is None (Django's default); with a number it still
    # prepares only what a server-binding cursor asks for (backend/runs/prepared.py): Django's
    # own cursors bind on the client and are never prepared.
    DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = 2**31 - 1

REDIS_URL = env_str("REDIS_URL", "")
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "") or env_str("RABBITMQ_URL", "") or REDIS_URL
SCALED = bool(CELERY_BROKER_URL)
"""True when runs execute in Celery workers; False runs them in the web process's dispatcher."""
CELERY_RESULT_BACKEND = None
CELERY_TASK_DEFAULT_QUEUE = "celery"
"""Celery's own default, named here because the doorbell reads its length."""
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_DB_REUSE_MAX = 500
"""Celery closes the database connection around every task unless told to reuse it; a new
PostgreSQL connection (a forked server process) per run cost more than the run's own queries.
Connections are still recycled every few hundred tasks and by ``conn_max_age``."""
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            # redis-py 8 times reads out after 5 s by default, exactly the layer's blocking
            # receive; a longer socket timeout keeps idle websockets alive.
            "CONFIG": {"hosts": [{"address": REDIS_URL, "socket_timeout": 15}]},
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

FERRY_EMBEDDED_WORKERS = env_int("FERRY_EMBEDDED_WORKERS", 4)
"""Threads of the in-process dispatcher when not SCALED."""
FERRY_SWEEP_SECONDS = env_int("FERRY_SWEEP_SECONDS", 5)
"""How often stranded runs (queued with no doorbell, or with an expired lease) are re-enqueued."""
FERRY_LEASE_SECONDS = env_int("FERRY_LEASE_SECONDS", 60)
FERRY_ROLLUP_FLUSH_SECONDS = env_int("FERRY_ROLLUP_FLUSH_SECONDS", 1)
"""How often a worker process writes the statistics of the runs it finished (see rollups)."""
FERRY_WEBHOOK_MAX_BYTES = env_int("FERRY_WEBHOOK_MAX_BYTES", 1024 * 1024)
FERRY_WEBHOOK_TOLERANCE_SECONDS = env_int("FERRY_WEBHOOK_TOLERANCE_SECONDS", 300)
FERRY_START_DISPATCHER = env_bool("FERRY_START_DISPATCHER", not SCALED)
"""Whether the web process starts the embedded dispatcher (off in tests and when scaled)."""

AUTH_PASSWORD_VALIDATORS: list[dict[str, str]] = []
LOGIN_URL = "/login"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise warns on every request when it is missing
# Vite builds with base "/static/", so its files are addressed as /static/assets/<hashed name>.
STATICFILES_DIRS = [("assets", d) for d in [FRONTEND_DIST / "assets"] if d.exists()]
WHITENOISE_USE_FINDERS = True
# Vite names its files <name>-<8 character hash>.<ext>: a name never gets new content, so
# browsers may keep them for good.
WHITENOISE_IMMUTABLE_FILE_TEST = r"^/static/assets/.+-[\w-]{8}\.\w+$"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "backend.api.problems.problem_exception_handler",
    # JSON only: an error must never come back as an HTML page, even to a browser.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Ferry API",
    "DESCRIPTION": "Workflows, runs, connections and node types of a Ferry installation.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI from the installed sidecar package: the docs page works without internet.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

FERRY_LOG_FORMAT = env_str("FERRY_LOG_FORMAT", "text")
"""``text`` for people (``make run``); ``json`` (one object a line, with run ids) for collectors."""
if FERRY_LOG_FORMAT not in ("text", "json"):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(f"FERRY_LOG_FORMAT must be text or json, not {FERRY_LOG_FORMAT!r}")
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
"""Workers log through LOGGING below, so ``FERRY_LOG_FORMAT=json`` applies to them too."""
FERRY_METRICS_ALLOWED_IPS = env_list("FERRY_METRICS_ALLOWED_IPS", ["127.0.0.1", "::1"])
"""Addresses or networks (CIDR) that may read ``/metrics``."""
FERRY_WORKER_STALE_SECONDS = env_int("FERRY_WORKER_STALE_SECONDS", 120)
"""``/readyz`` fails when no worker has sent a heartbeat for this long."""
FERRY_HOUSEKEEPING_SECONDS = env_int("FERRY_HOUSEKEEPING_SECONDS", 30)
"""How often workers send heartbeats and alert rules are evaluated."""
FERRY_CONNECTION_CHECK_MINUTES = env_int("FERRY_CONNECTION_CHECK_MINUTES", 15)
"""How often connections watched by an alert rule are health-checked."""
FERRY_PUBLIC_URL = env_str("FERRY_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")
"""Where people reach Ferry; alerts link to pages under it."""

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "text": {"()": "backend.monitoring.logs.TextFormatter"},
        "json": {"()": "backend.monitoring.logs.JsonFormatter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": FERRY_LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": env_str("FERRY_LOG_LEVEL", "INFO")},
    "loggers": {"django.channels.server": {"level": "WARNING"}},
}
