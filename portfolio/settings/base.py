"""Settings shared by every environment; each value that differs comes from the environment."""

import os
from datetime import timedelta
from email.utils import getaddresses
from pathlib import Path

import dj_database_url
import dj_email_url
import PIL.Image
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name, default=False):
    """Read a yes/no environment variable ("1", "true", "yes", "on" mean yes)."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    """Read a comma-separated environment variable into a list, dropping blanks."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # wagtail_modeltranslation must come before the apps whose models it translates,
    # and its migrate/makemigrations overrides must win over Django's.
    "wagtail_modeltranslation",
    "wagtail_modeltranslation.makemigrations",
    "wagtail_modeltranslation.migrate",
    "modeltranslation",
    "projects",
    "partners",
    "organisation",
    "translations",
    "editorial",
    "backups",
    "opendata",
    "security",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    # wagtail.contrib.frontend_cache, with purges in every language (docs/caching.md).
    "projects.frontend_cache.FrontendCacheConfig",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.sites",
    "editorial.users_app.UsersConfig",  # wagtail.users, superuser field for superusers only
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    # Wagtail's admin filters (reports, listings) are django-filter forms: installed so that
    # their labels come in the editor's language. The public listing parses its own filters.
    "django_filters",
    "django_countries",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

# The admin's CSP, the two-factor code, the page-password limit and refused reviews are applied
# to the views in portfolio/urls.py, not here.
MIDDLEWARE = [
    # One log line per request, timed around everything else.
    "security.logs.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # The public Content-Security-Policy; the admin's views carry their own (security/headers.py).
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "portfolio.middleware.DatabaseUnavailableMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Compression, the ETag of the uncompressed body, then who may keep the answer (docs/caching.md).
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "portfolio.http_cache.CacheControlMiddleware",
    "portfolio.typography.FrenchTypographyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # axes turns a flagged failed sign-in into the lock-out page: it must come last.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portfolio.urls"
WSGI_APPLICATION = "portfolio.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "projects.context_processors.navigation",
                "organisation.context_processors.organisation",
            ],
        },
    },
]

# SQLite is the zero-configuration default; DATABASE_URL selects PostgreSQL in production.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent admin writes wait for SQLite's lock instead of failing halfway (docs/configuration.md).
    DATABASES["default"].setdefault("OPTIONS", {}).update({"transaction_mode": "IMMEDIATE", "timeout": 20})
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Django's cache (counters, Wagtail's entries; pages are cached by nginx): each process's own
# memory, or with REDIS_URL a shared Redis, an unreachable one read as an empty cache.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "portfolio",
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5},
        }
    }
# Read by django-redis when it is imported (not per request), so set whatever the backend.
DJANGO_REDIS_IGNORE_EXCEPTIONS = True
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: French first (the default and the fallback), English second.
LANGUAGE_CODE = "fr"
LANGUAGES = [
    ("fr", _("French")),
    ("en", _("English")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_TZ = True

MODELTRANSLATION_DEFAULT_LANGUAGE = "fr"
MODELTRANSLATION_LANGUAGES = ("fr", "en")
# An empty field shows the other language's text; templates mark it with lang="…".
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("fr", "en")}
WAGTAILMODELTRANSLATION_TRANSLATE_SLUGS = True
# A page is published only when complete in these languages; the others are tracked.
TRANSLATIONS_REQUIRED_LANGUAGES = ["fr"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Django serves uploads itself only in development and in the browser tests' server.
SERVE_MEDIA = False
# The admin is Wagtail's, with its own typography; documents and files are not pages.
TYPOGRAPHY_EXCLUDED_PATHS = ["/admin/", "/documents/", STATIC_URL, MEDIA_URL]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Complex page forms (two languages of every field) exceed Django's default of 1000.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

WAGTAIL_SITE_NAME = "Portfolio"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False  # one page tree, two languages per field (modeltranslation)
# Approving a review publishes only what is complete in the required languages.
WAGTAIL_FINISH_WORKFLOW_ACTION = "translations.policy.publish_when_complete"
# French and English word forms and accents ignored on PostgreSQL (see projects/search_backend.py).
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "projects.search_backend"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "odt", "docx", "xlsx", "csv", "txt"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp", "avif"]
# Images are bounded in bytes and in pixels, and Pillow decodes none of more than twice the
# pixels (docs/configuration.md); uploads above 1 MB are streamed to a temporary file.
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 30_000_000
PIL.Image.MAX_IMAGE_PIXELS = WAGTAILIMAGES_MAX_IMAGE_PIXELS
FILE_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
# Renditions are served as WebP (smaller at the same quality; every current browser reads it).
WAGTAILIMAGES_FORMAT_CONVERSIONS = {"png": "webp", "jpeg": "webp", "bmp": "webp"}
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES

COUNTRIES_FIRST = ["FR", "VN", "DZ", "MA", "TN", "EG"]
# "Vietnam" in both languages, as the organisation writes it, not django-countries' "Viêt Nam";
# its own translation context keeps django-countries' entry for the same name out.
COUNTRIES_OVERRIDE = {"VN": pgettext_lazy("country name", "Vietnam")}

# --- Security (docs/security.md): lock-out, two-factor sign-in, CSP, Permissions-Policy, logs ---
# X-Forwarded-For is believed from these addresses only (the empty one is a Unix socket's).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "1"))
TRUSTED_PROXY_ADDRESSES = [
    address.strip() for address in os.environ.get("TRUSTED_PROXY_ADDRESSES", "127.0.0.1,::1,").split(",")
]

# Wrong passwords lock out one username from one address, never a whole office.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "security.network.client_ip"
AXES_LOCKOUT_CALLABLE = "security.views.lockout_response"
AXES_ENABLE_ADMIN = False  # Django's admin is not installed; Wagtail's has Settings → Locked sign-ins
# Password-protected pages: the same limits, per address.
PAGE_PASSWORD_FAILURE_LIMIT = AXES_FAILURE_LIMIT
PAGE_PASSWORD_COOLOFF = AXES_COOLOFF_TIME

# Two-factor sign-in (TOTP), offered to every staff member, required when these are on.
REQUIRE_2FA_FOR_ADMINS = env_bool("REQUIRE_2FA_FOR_ADMINS", False)
REQUIRE_2FA_FOR_STAFF = env_bool("REQUIRE_2FA_FOR_STAFF", False)
OTP_TOTP_ISSUER = WAGTAIL_SITE_NAME

# Every frame of an animated image counts toward the pixel limit (editorial/uploads.py).
WAGTAILIMAGES_IMAGE_FORM_BASE = "editorial.uploads.ImageForm"
WAGTAILDOCS_DOCUMENT_FORM_BASE = "editorial.uploads.DocumentForm"

# No Gravatar: it would send a hash of each editor's e-mail address to a third party.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# The public site runs no inline code (a test checks): only this origin, no framing.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'none'"],
        # Only the Wagtail user bar, shown to signed-in editors, runs scripts (from /static/).
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "manifest-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
    }
}
# Wagtail 8's admin writes inline scripts and styles, draws data: and blob: images and previews
# pages in an iframe; it needs no eval and nothing from another origin.
ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'none'"],
        "script-src": ["'self'", "'unsafe-inline'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "media-src": ["'self'"],
        "frame-src": ["'self'"],
        "manifest-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
    }
}

# Permissions-Policy: the site uses none of these browser features. Only features browsers
# know are listed: Chromium logs an error for any other (tests/browser/test_content_security_policy.py).
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
        "browsing-topics",
        "interest-cohort",
    )
}

# Server errors are e-mailed to ADMINS ("Name <address>, Other <address>") from SERVER_EMAIL.
ADMINS = [(name, address) for name, address in getaddresses([os.environ.get("ADMINS", "")]) if address]
EMAIL_SUBJECT_PREFIX = os.environ.get("EMAIL_SUBJECT_PREFIX", "[Portfolio] ")

# django-redis logs each error it ignores (DJANGO_REDIS_IGNORE_EXCEPTIONS) to this logger.
DJANGO_REDIS_LOGGER = "portfolio.cache"
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
        "once_a_minute": {"()": "security.logs.OncePerInterval", "seconds": 60},
    },
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "security.logs.JSONFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        },
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false"],
        },
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        # 5xx responses (ERROR) go to the console and by e-mail to ADMINS; 4xx (WARNING) to the console.
        "django.request": {"handlers": ["console", "mail_admins"], "level": "WARNING", "propagate": False},
        # Cache outages (django-redis's ignored errors, page-password counts): one line a minute.
        "portfolio.cache": {
            "handlers": ["console"],
            "filters": ["once_a_minute"],
            "level": "WARNING",
            "propagate": False,
        },
        "portfolio.requests": {
            "handlers": ["console"],
            "level": os.environ.get("REQUEST_LOG_LEVEL", "INFO"),
            "propagate": False,
        },
    },
}

# Optional error tracker: Sentry, only when SENTRY_DSN is set; no personal data is sent.
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
if SENTRY_DSN:
    import sentry_sdk

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=os.environ.get("SENTRY_ENVIRONMENT", "production"),
        send_default_pii=False,
        traces_sample_rate=float(os.environ.get("SENTRY_TRACES_SAMPLE_RATE", "0")),
    )

# --- Production path: database outages, e-mail, media storage, uploads, update check ---
# A kept connection is checked before reuse: the site recovers by itself after a database restart.
CONN_HEALTH_CHECKS = True
DATABASE_RETRY_AFTER = int(os.environ.get("DATABASE_RETRY_AFTER", "30"))

# E-mail: EMAIL_URL such as smtp://user:password@host:587/?tls=True, else SMTP on localhost:25.
EMAIL_URL = os.environ.get("EMAIL_URL", "")
if EMAIL_URL:
    globals().update(dj_email_url.parse(EMAIL_URL))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "webmaster@localhost")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = DEFAULT_FROM_EMAIL

# Uploads on local disk (served by nginx), or in an S3-compatible bucket several app servers share.
MEDIA_STORAGE = os.environ.get(
    "MEDIA_STORAGE", "s3" if os.environ.get("AWS_STORAGE_BUCKET_NAME") else "local"
)
if MEDIA_STORAGE == "s3":
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ.get("AWS_STORAGE_BUCKET_NAME", ""),
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            # Never public: documents go through Wagtail's view, which checks permissions.
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
            "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
        },
    }
# Documents always through Wagtail's view (permissions hold), which may hand them to nginx.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
if os.environ.get("DOCUMENTS_SENDFILE") == "nginx":
    SENDFILE_BACKEND = "portfolio.sendfile_nginx"
    SENDFILE_URL = "/_protected_documents/"

# The admin's update check calls an outside server from editors' browsers: off unless asked for.
WAGTAIL_ENABLE_UPDATE_CHECK = env_bool("WAGTAIL_ENABLE_UPDATE_CHECK", False)
# --- HTTP caching at the edge (docs/caching.md): nginx or a CDN, purged on change ---
# The bound within which every page shows a change (twice this behind a CDN too).
EDGE_CACHE_SECONDS = int(os.environ.get("EDGE_CACHE_SECONDS", 30))
EDGE_CACHE_PRIVATE_PATHS = ("/admin/", "/documents/")
# Purges go to nginx (FRONTEND_CACHE_PURGE_URL) and/or a CDN; projects/frontend_cache.py
# purges each page's translated URL in every language.
WAGTAILFRONTENDCACHE = {}
if os.environ.get("FRONTEND_CACHE_PURGE_URL"):
    WAGTAILFRONTENDCACHE["nginx"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": os.environ["FRONTEND_CACHE_PURGE_URL"],
    }
if os.environ.get("CLOUDFLARE_ZONEID"):
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "ZONEID": os.environ["CLOUDFLARE_ZONEID"],
        "BEARER_TOKEN": os.environ.get("CLOUDFLARE_BEARER_TOKEN", ""),
    }
if os.environ.get("CLOUDFRONT_DISTRIBUTION_ID"):
    WAGTAILFRONTENDCACHE["cloudfront"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
        "DISTRIBUTION_ID": os.environ["CLOUDFRONT_DISTRIBUTION_ID"],
    }
