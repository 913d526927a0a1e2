"""One settings file, read from the environment, with safe development defaults.

Production sets at least DJANGO_DEBUG=0, DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS
and DATABASE_URL; see the README.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import unquote, urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


TRUE = {"1", "true", "yes", "on"}
FALSE = {"0", "false", "no", "off"}


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value in TRUE | FALSE:
        return value in TRUE
    raise ImproperlyConfigured(
        f"{name}={os.environ[name]!r} is neither on nor off: give one of "
        f"{', '.join(sorted(TRUE))} or {', '.join(sorted(FALSE))}."
    )


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def mailer(url: str) -> dict:
    """A MAILERS entry from smtp://, smtp+tls:// or smtp+ssl://user:password@host:port."""
    parts = urlsplit(url)
    if parts.scheme not in {"smtp", "smtp+tls", "smtp+ssl"} or not parts.hostname:
        raise ImproperlyConfigured(
            f"EMAIL_URL={url!r} is not smtp://, smtp+tls:// or smtp+ssl://user:password@host:port."
        )
    return {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": parts.hostname,
            "port": parts.port or {"smtp+ssl": 465, "smtp+tls": 587}.get(parts.scheme, 25),
            "username": unquote(parts.username or ""),
            "password": unquote(parts.password or ""),
            "use_tls": parts.scheme == "smtp+tls",
            "use_ssl": parts.scheme == "smtp+ssl",
            "timeout": 10,
        },
    }


DEBUG = env_bool("DJANGO_DEBUG", True)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set DJANGO_SECRET_KEY when DJANGO_DEBUG is off.")
    SECRET_KEY = "development-only-key-never-use-in-production"  # noqa: S105 (debug only)  # nosec B105

if not DEBUG and not os.environ.get("DJANGO_ALLOWED_HOSTS", "").strip():
    raise ImproperlyConfigured(
        "Set DJANGO_ALLOWED_HOSTS (the site's host names, comma-separated) when DJANGO_DEBUG is off."
    )
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    # The admin, with the editors' sign-in: lockout, two-factor (cyberpeace.admin_site).
    "cyberpeace.apps.EditorsAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django_countries",
    "simple_history",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "knox",
    "corsheaders",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "cyberpeace.apps.CyberpeaceConfig",
    "orgs",
    "initiatives",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # The other security headers, before WhiteNoise so that static files get them too.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "cyberpeace.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "cyberpeace.authentication.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Turns a locked-out sign-in into 429 (after the others, so its answer gets their headers).
    "axes.middleware.AxesMiddleware",
    # Innermost, so that a cached answer still passes every header-setting middleware.
    "cyberpeace.cache.PageCacheMiddleware",
]

ROOT_URLCONF = "cyberpeace.urls"
WSGI_APPLICATION = "cyberpeace.wsgi.application"

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
                "django.template.context_processors.csp",
                "django.template.context_processors.i18n",
                "cyberpeace.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        # Persistent connections in production: a new one per request costs more than
        # most of our queries.
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0" if DEBUG else "600")),
    )
}
# Every request is one transaction: a failed save leaves nothing half-written.
DATABASES["default"]["ATOMIC_REQUESTS"] = True
# A persistent connection is checked before its reuse, so a restarted server is no error.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite takes its write lock when the transaction begins, not at its first
    # write, so select_for_update() in the no-lost-edit check (which SQLite
    # ignores) is not needed to keep a concurrent save from slipping in between
    # the check and the save.
    DATABASES["default"].setdefault("OPTIONS", {})["transaction_mode"] = "IMMEDIATE"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
# The public pages in both, French under /fr/ (i18n_patterns, English unprefixed):
# each language has its own URLs, so no page varies by cookie or header.
LANGUAGES = [("en-gb", "English"), ("fr", "Français")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "sources": {"BACKEND": "cyberpeace.storage.SourceStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Nothing on these pages comes from another origin, and no inline script runs.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    # No nonce: a cached page would replay it.
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# No page uses any of these browser features (cyberpeace.security).
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
}
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# An editor's session ends after 8 hours, and when the browser closes.
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
if not DEBUG:
    # The proxy in front (which ends TLS) says the request came over https.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    # The load balancer asks over plain http: it must see the 503, not a redirect.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # Two years, every subdomain, and ready for the browsers' preload list.
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", str(2 * 365 * 24 * 60 * 60)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)

LOGIN_URL = "admin:login"

# Sign-in: django-axes locks an account out for one address after 5 failed
# sign-ins (admin and API login alike), for 15 minutes, counted in the database
# so every worker and server agrees; the lockout answers 429.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_HTTP_RESPONSE_CODE = 429
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
AXES_LOCKOUT_CALLABLE = "cyberpeace.admin_site.locked_out"
# The visitor's address (behind TRUSTED_PROXY_COUNT proxies); an IPv6 one counts as
# its /64, which one machine holds whole.
AXES_CLIENT_IP_CALLABLE = "cyberpeace.security.lockout_address"
# Each failed sign-in is logged (axes' own log lines), not stored a second time.
AXES_ENABLE_ACCESS_FAILURE_LOG = False
# What a failed sign-in stores of the form: never a password or a code.
AXES_SENSITIVE_PARAMETERS = ["otp_token", "otp", "csrfmiddlewaretoken"]
# Two-factor sign-in (django-otp, TOTP): the issuer an authenticator app shows.
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "cyberpeace directory")
# django-otp's admin would show every device's key and QR code to a superuser.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# E-mail (password resets): printed on the console in development; in production
# an SMTP server, e.g. EMAIL_URL=smtp+tls://user:password@smtp.example.org:587
# (by default the machine's own, on localhost:25).
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "cyberpeace <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Not a setting of its own (lower case): it may hold the SMTP password.
_email_url = os.environ.get("EMAIL_URL", "" if DEBUG else "smtp://localhost:25")
if _email_url:
    MAILERS = {"default": mailer(_email_url)}
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}

# The cache (cyberpeace.cache): Redis, shared by every process and machine, when
# REDIS_URL is set; otherwise each process's memory (the generation that makes
# entries stale is then a file every process of the machine reads).
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "cyberpeace"),
            # A Redis that does not answer costs a request half a second per call, not
            # redis-py's five: the cache is then a miss (cyberpeace.cache), the throttles
            # let the request through (cyberpeace.faults), the database serves.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
CACHE_GENERATION_FILE = os.environ.get("CACHE_GENERATION_FILE", "")
# Anonymous pages and API answers, per URL, until the next write; 0 turns it off. Off
# by default in development, where a changed template must show at once.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "0" if DEBUG else "600"))
# Facet counts and list totals, for every reader, until the next write; 0 turns it off.
COUNT_CACHE_SECONDS = int(os.environ.get("COUNT_CACHE_SECONDS", "600"))
# Each record's anonymous API answer, under its updated_at (which moves with anything
# it embeds), whatever else is written; 0 turns it off.
RECORD_CACHE_SECONDS = int(os.environ.get("RECORD_CACHE_SECONDS", "3600"))

# How many proxies of ours stand in front of the site, each adding the address
# it saw to X-Forwarded-For: the throttle of suggested corrections counts the
# address the outermost one saw. 0: the header is not trusted, REMOTE_ADDR is.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
    "loggers": {
        # Refused API writes, wrong two-factor codes, two-factor turned on or off.
        # (Failed sign-ins and lockouts are axes' warnings, under "axes".)
        "cyberpeace.security": {"level": "INFO"},
    },
}

SIMPLE_HISTORY_HISTORY_ID_USE_UUID = False

# The partner API (DESIGN.md, "API"): reading is open to all, and each reader
# sees what visible_to() lets them see.
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "cyberpeace.schema.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "cyberpeace.pagination.Pages",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "knox.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # DRF's own, letting requests through when the cache (Redis) is down.
    "DEFAULT_THROTTLE_CLASSES": [
        "cyberpeace.faults.AnonRateThrottle",
        "cyberpeace.faults.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("API_ANON_RATE", "600/minute"),
        "user": os.environ.get("API_USER_RATE", "1200/minute"),
        # Per client address, wrong passwords included (cyberpeace.tokens.LoginView).
        "login": os.environ.get("API_LOGIN_RATE", "10/minute"),
    },
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    # Throttles count the address the nearest trusted proxy saw, as the lockout
    # does; without it DRF took the whole X-Forwarded-For, which a client writes.
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    # Errors Django raises below DRF (a body too large, a constraint) answer
    # 413, 400 or 409 with a message, never 500.
    "EXCEPTION_HANDLER": "cyberpeace.api_write.exception_handler",
}
# Partner tokens (django-rest-knox): stored hashed, one per device or partner,
# expiring after REST_KNOX's TOKEN_TTL unless issued with another lifetime.
REST_KNOX = {
    "TOKEN_TTL": None,  # not a password: knox token settings  # nosec B105
    "AUTO_REFRESH": False,
    "TOKEN_LIMIT_PER_USER": None,  # not a password: knox token settings  # nosec B105
}
# CORS: any site may read the API from a browser; writes need a token and are
# not offered to other origins (no credentials, no write methods).
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_EXPOSE_HEADERS = [
    "ETag",
    "Last-Modified",
    "Link",
    "Retry-After",
    "Content-Disposition",
    "X-Data-Licence",
]

# The licence of the data, stated by the API root, its docs and every export.
DATA_LICENCE = {
    "name": os.environ.get("DATA_LICENCE_NAME", "CC BY 4.0"),
    "url": os.environ.get("DATA_LICENCE_URL", "https://creativecommons.org/licenses/by/4.0/"),
    "attribution": os.environ.get(
        "DATA_LICENCE_ATTRIBUTION",
        "cyberpeace directory, with the sources each record cites",
    ),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "cyberpeace directory API",
    "DESCRIPTION": "Organisations, programmes and events working for peace and security in "
    "cyberspace, with the sources of every fact.\n\n"
    f"The data is published under the {DATA_LICENCE['name']} licence ({DATA_LICENCE['url']}): "
    f"reuse it, crediting “{DATA_LICENCE['attribution']}”. The API root, and every export "
    '(`Link: <…>; rel="license"` and `X-Data-Licence` headers), say so too.\n\n'
    "Every list also answers `?format=csv`: every matching row, not a page, with a label column "
    'beside each code, lists joined with "; ", `fields` to choose the columns and `bom=1` for '
    "spreadsheets. A cell starting with = + - @ is written with a leading apostrophe, so that "
    "no spreadsheet runs it as a formula. Events also answer `?format=ics` (iCalendar): events "
    "dated to the day; those known only to the month or year, or undated, are left out.",
    "LICENSE": {"name": DATA_LICENCE["name"], "url": DATA_LICENCE["url"]},
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "cyberpeace.schema.allow_empty_filters",
    ],
    "ENUM_NAME_OVERRIDES": {
        "ProgrammeKind": "initiatives.models.ProgrammeKind",
        "EventKind": "initiatives.models.EventKind",
        "SourceKind": "cyberpeace.models.SourceKind",
        "RelationKind": "orgs.models.RelationKind",
        "PartnershipRole": "initiatives.models.PartnershipRole",
        "EventRoleKind": "initiatives.models.EventRoleKind",
        "SpeakerRole": "initiatives.models.SpeakerRole",
    },
}
COUNTRIES_FIRST = ["CH", "US", "GB", "FR", "DE"]
COUNTRIES_FIRST_REPEAT = True
