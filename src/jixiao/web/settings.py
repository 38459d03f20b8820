"""Settings: embedded SQLite under ``var/`` by default, PostgreSQL through ``DATABASE_URL``.

Everything a deployment changes comes from the environment: ``JIXIAO_SECRET_KEY``, ``JIXIAO_DEBUG`` (off
unless set to 1), ``JIXIAO_DEMO`` (1 for the local demo of ``make run``),
``JIXIAO_ALLOWED_HOSTS`` (comma separated), ``JIXIAO_DATA_DIR`` (database, staged uploads),
``DATABASE_URL``, ``JIXIAO_HTTPS`` (0 for a plain-HTTP intranet), ``JIXIAO_CONN_MAX_AGE``,
``JIXIAO_CACHE_DIR`` (a cache shared by several server processes, so login throttling counts across them). Without them the application runs as a local demo on 127.0.0.1.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url

WEB_DIR = Path(__file__).resolve().parent
REPO_DIR = WEB_DIR.parents[2]
DATA_DIR = Path(os.environ.get("JIXIAO_DATA_DIR", REPO_DIR / "var")).resolve()

# The local demo (``make run``) says so with JIXIAO_DEMO=1: plain HTTP on 127.0.0.1. Debug pages (tracebacks,
# settings, the URL list) only when asked for with JIXIAO_DEBUG=1, never by default.
DEMO = os.environ.get("JIXIAO_DEMO", "0") == "1"
DEBUG = os.environ.get("JIXIAO_DEBUG", "0") == "1"


def _installation_key(folder: Path) -> str:
    """A random key made once for this installation and kept beside its data (owner-only), never a
    constant published with the code. ``serve`` refuses to start on it outside the demo."""
    import secrets

    path = folder / "secret_key"
    try:
        return path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        folder.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(50)
        partial = path.with_name(f".secret_key.{os.getpid()}")
        partial.write_text(key, encoding="ascii")
        partial.chmod(0o600)
        os.replace(partial, path)  # two processes starting at once agree on whichever landed last
        return path.read_text(encoding="ascii").strip()


SECRET_KEY_FROM_ENVIRONMENT = bool(os.environ.get("JIXIAO_SECRET_KEY"))
SECRET_KEY = os.environ.get("JIXIAO_SECRET_KEY") or _installation_key(DATA_DIR)
ALLOWED_HOSTS = [h for h in os.environ.get("JIXIAO_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "jixiao.web.accounts",
    "jixiao.web.dossiers",
    "jixiao.web.review",
    "jixiao.web.public",
    "jixiao.web.api",
    "jixiao.web.jobs",
]

# Background jobs (jixiao.web.jobs): django-tasks queued in our own database, so the embedded SQLite demo
# needs no other service; ``python -m jixiao.web worker`` runs them.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "jixiao.web.accounts.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "jixiao.web.dossiers.middleware.DamagedDossierMiddleware",
]

ROOT_URLCONF = "jixiao.web.urls"
WSGI_APPLICATION = "jixiao.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [WEB_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "jixiao.web.dossiers.demo.banner",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'jixiao.sqlite3'}",
        # persistent connections only under a server with a thread pool; Django's own server starts a
        # thread per request, which would leave one connection behind per request
        conn_max_age=int(os.environ.get("JIXIAO_CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["OPTIONS"] = {"timeout": 20}
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dossiers:home"
LOGOUT_REDIRECT_URL = "accounts:login"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sessions: eight working hours at most, and gone when the browser closes.
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Served over HTTPS (the default outside debug): cookies only over TLS, HSTS. A plain-HTTP intranet
# deployment sets JIXIAO_HTTPS=0, or browsers would never send the session cookie back.
HTTPS = os.environ.get("JIXIAO_HTTPS", "0" if DEBUG or DEMO else "1") == "1"
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
if HTTPS:
    SECURE_HSTS_SECONDS = 30 * 24 * 3600
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

CSRF_FAILURE_VIEW = "jixiao.web.accounts.views.csrf_failure"

# Login throttling: after this many failures for one username from one address, wait this long.
LOGIN_FAILURE_LIMIT = 5
LOGIN_LOCKOUT_SECONDS = 15 * 60

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "jixiao"}}
if os.environ.get("JIXIAO_CACHE_DIR"):
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": os.environ["JIXIAO_CACHE_DIR"],
    }

# Uploads: staged outside the web root (under DATA_DIR), never served, read only through ingest.
UPLOAD_DIR = DATA_DIR / "uploads"
UPLOAD_MAX_BYTES = 20 * 1024 * 1024
PUBLIC_EXPORTS_PER_MINUTE = int(os.environ.get("JIXIAO_PUBLIC_EXPORTS_PER_MINUTE", "10"))
# submitting or passing on a dossier with open errors: "explain" (an explanation per error) or "refuse"
GATE_OPEN_ERRORS = os.environ.get("JIXIAO_GATE_OPEN_ERRORS", "explain")
UPLOAD_EXTENSIONS = (".txt", ".docx", ".doc", ".xlsx", ".xls", ".pdf")  # what jixiao.ingest.loader reads
# Importing a ``jixiao batch`` result (jixiao.web.jobs): the folders on the server a bureau may name, so a
# user cannot make the server read an arbitrary path. JIXIAO_IMPORT_ROOTS lists them as PATH does (":" on
# Linux, ";" on Windows); unset, DATA_DIR/imports; set empty, importing is off.
IMPORT_ROOTS = [
    Path(p).resolve()
    for p in os.environ.get("JIXIAO_IMPORT_ROOTS", str(DATA_DIR / "imports")).split(os.pathsep)
    if p.strip()
]
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# Request temporary files in a folder of ours, not the shared /tmp: a request cut off mid-upload can
# leave its file behind, and every upload sweeps what is older than an hour (uploads.sweep_temporary).
FILE_UPLOAD_TEMP_DIR = str(DATA_DIR / "upload-tmp")
Path(FILE_UPLOAD_TEMP_DIR).mkdir(parents=True, exist_ok=True)

LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [WEB_DIR / "static"]  # vendored htmx and echarts, our css and js
STATIC_ROOT = DATA_DIR / "static"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"jixiao": {"handlers": ["console"], "level": "INFO"}},
}
