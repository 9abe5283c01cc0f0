"""Settings for the 全国連携ポータル, read from the environment (see README, "Configuration")."""

import json
import os
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def load_dotenv(path: Path) -> None:
    """KEY=VALUE lines from a git-ignored .env (written by `make` for development checkouts).

    The real environment wins; production has no .env and sets its variables itself.
    """
    if not path.is_file():
        return
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            key, value = line.split("=", 1)
            os.environ.setdefault(key.strip(), value.strip())


load_dotenv(BASE_DIR / ".env")

DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set DJANGO_SECRET_KEY to a long random value "
            "(or DJANGO_DEBUG=1 for local development)."
        )
    # Development only: a throwaway key that changes on every start.
    from django.core.management.utils import get_random_secret_key

    SECRET_KEY = "dev-only-" + get_random_secret_key()

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django_filters",
    # DRF itself is not listed: as an app its translations would override Django's own (「この
    # 項目は必須です」 for 「このフィールドは必須です」 in every form); the API needs none of its
    # templates or models.
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    # The project's apps, each depending only on those above it (tests/test_layers.py).
    "core",
    "members",
    "agreements",
    "partners",
    "events",
    "network",
    "bulletin",
    "directory",
    "disaster",
    "roundtable",
    "surveys",
    "record",
    "opendata",
    "search",
    "portal",
]

MIDDLEWARE = [
    "portal.health.HealthCheckMiddleware",  # first: /healthz for the load balancer (portal/health.py)
    # Gzip for every HTML and JSON response not compressed already (portal/middleware.py); the
    # caches below send their stored bodies gzipped, and it leaves those alone.
    "portal.middleware.CompressionMiddleware",
    # The open data API's responses, counted against its rate limit, then served or stored
    # under the public pages' stamp (opendata/cache.py).
    "opendata.cache.OpenDataCacheMiddleware",
    # Anonymous visitors get the public pages from the cache: a hit needs no other middleware,
    # and the stored page keeps the headers they gave it (core/public_cache.py).
    "core.public_cache.PublicPageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before CSRF (which reads the body): too large a body is refused unread (portal/middleware.py).
    "portal.middleware.RequestBodyLimitMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "portal.middleware.BadInputMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "members.middleware.SecretariatMFAMiddleware",
]

ROOT_URLCONF = "portal.urls"

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
                "django.template.context_processors.i18n",
            ],
        },
    },
]

WSGI_APPLICATION = "portal.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}

if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The embedded default serves the site and the outbox worker at once (`make run`), so it is
    # set up as a server's SQLite (docs/dependencies.md): WAL lets readers go on while one
    # writes; a writer waits up to DATABASE_SQLITE_TIMEOUT seconds for the lock instead of
    # failing with "database is locked"; and every transaction takes the write lock at BEGIN
    # (IMMEDIATE), so one that read first never fails on upgrading its lock (SQLite cannot
    # wait there: it would deadlock).
    _db_options = DATABASES["default"].setdefault("OPTIONS", {})
    _db_options.setdefault("timeout", int(os.environ.get("DATABASE_SQLITE_TIMEOUT", "20")))
    _db_options.setdefault("transaction_mode", "IMMEDIATE")
    _db_options.setdefault(
        "init_command",
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout="
        f"{_db_options['timeout'] * 1000};",
    )

if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # The portal's queries are short: JIT compilation and parallel workers cost more than they
    # save (measured with benchmarks/board.py). A database that is down or hung must give the
    # visitor the 503 page within seconds, not hold the worker until the server kills it: libpq
    # gives up connecting after DATABASE_CONNECT_TIMEOUT seconds (its minimum is 2) and the server
    # cancels any statement after DATABASE_STATEMENT_TIMEOUT_MS (0 = no limit, e.g. for a long
    # migration).
    DATABASE_STATEMENT_TIMEOUT_MS = int(os.environ.get("DATABASE_STATEMENT_TIMEOUT_MS", "5000"))
    # Django's backend with client-side deadlines (a hung network, pooled connections included).
    DATABASES["default"]["ENGINE"] = "portal.postgresql"
    _db_options = DATABASES["default"].setdefault("OPTIONS", {})
    _db_options.setdefault("connect_timeout", int(os.environ.get("DATABASE_CONNECT_TIMEOUT", "3")))
    _db_options.setdefault(
        "options",
        "-c jit=off -c max_parallel_workers_per_gather=0"
        f" -c statement_timeout={DATABASE_STATEMENT_TIMEOUT_MS}",
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    # Shared by every worker (rate limits, used TOTP codes). If Redis cannot be reached, each
    # call gives up after a short timeout and the process's memory stands in (portal/cache.py).
    redis_timeout = float(os.environ.get("REDIS_TIMEOUT", "0.5"))
    redis_options = {"socket_connect_timeout": redis_timeout, "socket_timeout": redis_timeout}
    CACHES = {
        "default": {
            "BACKEND": "portal.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": redis_options,
        },
        # The public pages' version stamp and its end (core/public_cache.py), read on every
        # anonymous request: each process keeps them, and Redis tells it at once when any
        # process changes them (portal/cache.py, TrackedRedisCache).
        "public-stamp": {
            "BACKEND": "portal.cache.TrackedRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {
                **redis_options,
                "TRACKED_KEYS": ["public-cache:stamp", "public-cache:until"],
            },
        },
    }
    PUBLIC_CACHE_STAMP_ALIAS = "public-stamp"
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        # Without Redis each worker keeps its own pages, but the stamp that says whether a
        # page is still current must be one for all of them, or a write in one worker leaves
        # the others serving the old page until midnight: a file every worker on this host
        # reads (core/public_cache.py). Several hosts need Redis (docs/operations.md).
        "public-stamp": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ.get(
                "PUBLIC_CACHE_STAMP_DIR",
                str(Path(tempfile.gettempdir()) / f"portal-public-stamp-{os.getuid()}"),
            ),
        },
    }
    PUBLIC_CACHE_STAMP_ALIAS = "public-stamp"

# The public pages' cache (core/public_cache.py): a save, delete or many-to-many change of any of
# these models makes every cached public page stale. App labels (all the app's models) or
# app_label.ModelName; the board's own models are left out (they never appear on public pages).
PUBLIC_CACHE_MODELS = [
    "record",
    # The whole app: the top page's banner while a 対策本部 is open, and the public record of
    # support (/disaster-support/), which sums requests, commitments, reports and funds.
    "disaster",
    "agreements",
    "events",
    "bulletin.Collaboration",
    "roundtable.Topic",
    "roundtable.Meeting",
    "roundtable.Summary",
    "roundtable.Thread",  # the topic list counts them
    "network.Tie",
    "network.ConfirmationRound",  # a closed round's figures show on /partners/
    "members.Prefecture",
    "members.Municipality",
    "members.MemberMunicipality",
    "members.PRPage",
    "members.PRPhoto",
    # The published results: a survey's questions and choices. Answers stop changing at the
    # deadline, before the results can be published (an answer deleted in the admin bumps).
    "surveys.Survey",
    "surveys.Question",
    "surveys.Choice",
]
PUBLIC_CACHE_TIMEOUT = 60 * 60  # seconds; only bounds memory (the stamp keeps pages fresh)
# The pages each worker keeps in front of the shared cache (bytes of their bodies): the hot set
# (about 1,300 pages), so that a worker stays under 150 MB however many pages it serves
# (benchmarks/worker_memory.py); the rest come from Redis.
PUBLIC_CACHE_PROCESS_BYTES = int(os.environ.get("PUBLIC_CACHE_PROCESS_BYTES", 16 << 20))
# Settings from the environment that public pages print: a change of one (a new licence, a new
# address) is a new release (core/release.py), whose pages are never those stored before it.
# (This file itself is part of the release: its fixed settings need no entry.) Plain strings.
PUBLIC_CACHE_RELEASE_SETTINGS = [
    "OPENDATA_LICENCE_NAME",
    "OPENDATA_LICENCE_URL",
    "OPENDATA_ATTRIBUTION",
    "SITE_URL",
    "STATIC_URL",
    "MEDIA_URL",
]

AUTH_USER_MODEL = "members.User"
AUTHENTICATION_BACKENDS = [
    # Django's and allauth's, reading the membership with the user (members/backends.py).
    "members.backends.ModelBackend",
    "members.backends.AuthenticationBackend",
]
LOGIN_REDIRECT_URL = "members:mypage"
LOGIN_URL = "account_login"

# Accounts: e-mail address only, verified before use; allauth's rate limits stay on (defaults),
# except that failed logins count per address and account together (members/adapter.py): at most
# 10 a minute from one address, and 5 in 5 minutes for one account from one address.
ACCOUNT_ADAPTER = "members.adapter.AccountAdapter"
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    # Wrong second-factor codes (members/second_factor_forms.py): per account from anywhere, and
    # per account from one address; never against the address's login limit.
    "second_factor_failed_account": "20/15m/key",
    "second_factor_failed_address": "5/5m/key",
}
# Behind proxies of our own, the client's address is the one they add to X-Forwarded-For;
# otherwise every visitor would share the proxy's address and its rate limits.
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("DJANGO_TRUSTED_PROXY_COUNT", "0"))
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
# Confirming the address right after signing up logs the applicant in and shows マイページ (承認待ち);
# a link opened elsewhere leads to the login form, which then continues to マイページ.
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_EMAIL_CONFIRMATION_AUTHENTICATED_REDIRECT_URL = "members:mypage"
ACCOUNT_EMAIL_CONFIRMATION_ANONYMOUS_REDIRECT_URL = "/accounts/login/?next=/mypage/"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = True
# Registration also asks for the municipality and the staff member's details (members/forms.py).
ACCOUNT_FORMS = {"signup": "members.forms.SignupForm"}
# allauth's mail (verification, password reset) goes through the outbox like all other mail.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_FORMS = {
    "authenticate": "members.second_factor_forms.SecondFactorForm",
    "reauthenticate": "members.second_factor_forms.SecondFactorReauthenticateForm",
}
MFA_TOTP_ISSUER = "全国連携ポータル"
# A code typed as its 30-second step ends, or read from a phone whose clock runs a little behind,
# is still accepted: one step either side, as RFC 6238 (5.2) recommends. allauth refuses a code
# used once already, so the wider window does not let a code be replayed.
MFA_TOTP_TOLERANCE = 1
SESSION_COOKIE_AGE = int(os.environ.get("DJANGO_SESSION_COOKIE_AGE", str(8 * 60 * 60)))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "ja"
# What people type (the ja locale defines no input formats of its own); era dates such as
# 令和6年8月1日 are parsed by core.forms.EraDateField.
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日", "%Y.%m.%d"]
LANGUAGES = [("ja", _("日本語")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
FIXTURE_DIRS = [BASE_DIR / "fixtures"]
MEDIA_URL = os.environ.get("DJANGO_MEDIA_URL", "/media/")
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
# Members-only uploads (board attachments): never served as static media, only through views.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("DJANGO_PRIVATE_MEDIA_ROOT", BASE_DIR / "private-media"))


def env_storage(prefix: str, default_backend: str) -> dict:
    """A STORAGES entry from <prefix> (a backend's dotted path) and <prefix>_OPTIONS (JSON)."""
    options = os.environ.get(f"{prefix}_OPTIONS", "").strip() or "{}"
    try:
        parsed = json.loads(options)
    except json.JSONDecodeError as error:
        raise ImproperlyConfigured(f"{prefix}_OPTIONS is not valid JSON: {error}") from None
    if not isinstance(parsed, dict):
        raise ImproperlyConfigured(f"{prefix}_OPTIONS must be a JSON object")
    return {"BACKEND": os.environ.get(prefix, "").strip() or default_backend, "OPTIONS": parsed}


STORAGES = {
    # Photos: files under MEDIA_ROOT (shared by every instance), or a django-storages backend
    # such as storages.backends.s3.S3Storage with its options (docs/operations.md, "Several instances").
    "default": env_storage("DJANGO_MEDIA_STORAGE", "django.core.files.storage.FileSystemStorage"),
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
if os.environ.get("DJANGO_PRIVATE_MEDIA_STORAGE"):
    # Board attachments elsewhere than PRIVATE_MEDIA_ROOT: a private bucket, never public.
    STORAGES["private"] = env_storage("DJANGO_PRIVATE_MEDIA_STORAGE", "")

# Mail: the console in development, SMTP otherwise. Only the outbox worker talks to the server
# (`manage.py send_notifications --loop`); requests write mail to the outbox.
EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", True)
# A server that hangs holds up only the worker, for this long per attempt; the mail is retried.
EMAIL_TIMEOUT = int(os.environ.get("DJANGO_EMAIL_TIMEOUT", "10"))
if os.environ.get("DJANGO_EMAIL_FILE_PATH"):  # for the file-based backend (benchmarks)
    EMAIL_FILE_PATH = os.environ["DJANGO_EMAIL_FILE_PATH"]
# Before the subject of every mail the portal sends (members/outbox.py puts it there).
PORTAL_EMAIL_SUBJECT_PREFIX = "[全国連携ポータル] "
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "webmaster@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The portal's public address, for links in mail sent outside a request (notifications).
SITE_URL = os.environ.get("DJANGO_SITE_URL", "").rstrip("/") or (
    "http://127.0.0.1:8000" if DEBUG else f"https://{ALLOWED_HOSTS[0]}" if ALLOWED_HOSTS else ""
)

# Security: strict unless DEBUG. Behind a TLS-terminating proxy set
# DJANGO_SECURE_PROXY_SSL_HEADER=1 (and DJANGO_SECURE_SSL_REDIRECT=0 if the proxy redirects).
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
if env_bool("DJANGO_SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    if not DEBUG and not SECURE_SSL_REDIRECT:
        # The TLS proxy redirects plain HTTP itself (docs/operations.md, "Behind a TLS proxy"): the check
        # that Django does not would only be noise.
        SILENCED_SYSTEM_CHECKS = ["security.W008"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

# The open data API (/api/v1/, opendata/): licence of the published record, and the per-address
# rate limit ("120/min", "2000/hour"; DRF's syntax).
OPENDATA_LICENCE_NAME = os.environ.get("DJANGO_OPENDATA_LICENCE_NAME", "CC BY 4.0")
OPENDATA_LICENCE_URL = os.environ.get(
    "DJANGO_OPENDATA_LICENCE_URL", "https://creativecommons.org/licenses/by/4.0/deed.ja"
)
# The default attribution is translated on English pages (locale/en); a custom one is shown as set.
OPENDATA_ATTRIBUTION = os.environ.get(
    "DJANGO_OPENDATA_ATTRIBUTION", "出典：全国連携ポータル（特別区長会）"
)
OPENDATA_RATE_LIMIT = os.environ.get("DJANGO_OPENDATA_RATE_LIMIT", "120/min")
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "opendata.csv.CSVRenderer",
    ],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_AUTHENTICATION_CLASSES": [],  # public data: no session, no CSRF, no user
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "NUM_PROXIES": int(os.environ.get("DJANGO_NUM_PROXIES", "0")) or None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "全国連携ポータル オープンデータAPI",
    "DESCRIPTION": (
        "特別区全国連携プロジェクトの公開記録（市区町村台帳、協定、イベント・展示、年表、"
        "連携自治体数、連携事業数、災害支援、連携事業）を読み出すための API です。"
        "すべて読み取り専用で、一覧はページ分割され、`?format=csv` で CSV になります。"
    ),
    "VERSION": "1.0.0",
    "LICENSE": {"name": OPENDATA_LICENCE_NAME, "url": OPENDATA_LICENCE_URL},
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # Swagger UI from the drf-spectacular-sidecar package, served by the portal (no CDN).
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {"DatePrecisionEnum": "core.dates.DatePrecision"},
}

# Content-Security-Policy on every response (django-csp): the site serves all its scripts and
# stylesheets itself and has no inline script, style attribute or event handler, so nothing inline
# runs. data: images are allauth's QR code for the authenticator app; photos may come from a
# storage bucket's own address (DJANGO_MEDIA_URL).
_media_origin = "{0.scheme}://{0.netloc}".format(urlsplit(MEDIA_URL)) if "//" in MEDIA_URL else ""
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *([_media_origin] if _media_origin else [])],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
}
