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

# Four of these are the project's own: the request log line, the database-down page, the
# Cache-Control header and French typography. What else used to be middleware is applied to the
# views in portfolio/urls.py (admin CSP, two-factor code, page-password limit, refused reviews).
MIDDLEWARE = [
    # One log line per request, timed around everything else.
    "security.logs.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # The public Content-Security-Policy; the admin's views carry their own (security/headers.py).
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "portfolio.middleware.DatabaseUnavailableMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Django compresses (nginx keeps the gzip bytes, one copy per URL), takes the ETag from the
    # uncompressed body and answers If-None-Match with 304, then says who may keep the answer.
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "portfolio.http_cache.CacheControlMiddleware",
    # French spacing before « ; : ! ? »: see portfolio/typography.py.
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
                "django.template.context_processors.debug",
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
    # Take SQLite's write lock when a transaction starts, and wait for it: otherwise two
    # concurrent admin requests (autosave while a chooser writes thumbnails) fail with
    # "database is locked" halfway through, leaving a page without its first revision.
    DATABASES["default"].setdefault("OPTIONS", {}).update({"transaction_mode": "IMMEDIATE", "timeout": 20})
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Django's cache holds small shared counters (page-password attempts, the health check) and
# Wagtail's own entries; pages are cached by nginx, not here. Each process keeps its own
# local-memory cache; with several app servers, REDIS_URL puts it on a shared Redis instead
# (django-redis; an unreachable Redis is logged and read as an empty cache).
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
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
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
USE_I18N = True
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
# Images are bounded in bytes and in pixels: a PNG of a few hundred kilobytes can decode to
# gigabytes. 30 megapixels is more than any camera photo the site needs.
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 30_000_000
# Pillow refuses to decode an image of more than twice its limit (DecompressionBombError),
# so an older image above the cap fails at once instead of holding a worker's memory: no
# rendition decodes more than 60 megapixels (about 240 MB).
PIL.Image.MAX_IMAGE_PIXELS = WAGTAILIMAGES_MAX_IMAGE_PIXELS
# Uploaded files above 1 MB are streamed to a temporary file, not held in memory; the rest of
# a request's body (form fields) is capped at Django's 2.5 MB.
FILE_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# Renditions are served as WebP (smaller at the same quality; every current browser reads it).
WAGTAILIMAGES_FORMAT_CONVERSIONS = {"png": "webp", "jpeg": "webp", "bmp": "webp"}
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES

COUNTRIES_FIRST = ["FR", "VN", "DZ", "MA", "TN", "EG"]
# One spelling per country and language, the one the organisation's texts use: "Vietnam" in
# both languages (django-countries' French says "Viêt Nam"). A context of its own, so this
# catalogue's entry, not django-countries' one for the same English name, gives the French.
COUNTRIES_OVERRIDE = {"VN": pgettext_lazy("country name", "Vietnam")}

# ---------------------------------------------------------------------------------------------
# Security: sign-in lock-out, two-factor sign-in, Content-Security-Policy, Permissions-Policy,
# error reports and request logs. Kept together in this block; each value from the environment.
# ---------------------------------------------------------------------------------------------
# Addresses (security/network.py, docs/security.md): the supported deployment is nginx from
# deploy/nginx.conf, which overwrites X-Forwarded-For, in front of gunicorn on loopback or a
# Unix socket. The header is believed only from TRUSTED_PROXY_ADDRESSES (the empty address is a
# Unix socket's), and only the entry of our own proxy (TRUSTED_PROXY_COUNT=1); 0 ignores it.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "1"))
TRUSTED_PROXY_ADDRESSES = [
    address.strip() for address in os.environ.get("TRUSTED_PROXY_ADDRESSES", "127.0.0.1,::1,").split(",")
]

# Admin sign-in: 5 wrong passwords for one username from one address lock that pair out for
# 15 minutes; other users and other addresses are not affected (no lock-out of a whole office).
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

# Two-factor sign-in (TOTP): offered to every staff member, asked after the password on every
# sign-in form once set up; required for Administrators and superusers when
# REQUIRE_2FA_FOR_ADMINS is on.
REQUIRE_2FA_FOR_ADMINS = env_bool("REQUIRE_2FA_FOR_ADMINS", False)
# Required for every staff member (everyone who may use the admin) when on.
REQUIRE_2FA_FOR_STAFF = env_bool("REQUIRE_2FA_FOR_STAFF", False)
OTP_TOTP_ISSUER = WAGTAIL_SITE_NAME

# Uploads: every frame of an animated image counts toward WAGTAILIMAGES_MAX_IMAGE_PIXELS, and
# the errors name the real pixel count and extension (editorial/uploads.py).
WAGTAILIMAGES_IMAGE_FORM_BASE = "editorial.uploads.ImageForm"
WAGTAILDOCS_DOCUMENT_FORM_BASE = "editorial.uploads.DocumentForm"

# No Gravatar: it would send a hash of each editor's e-mail address to a third party.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# Content-Security-Policy. The public site runs no inline code at all (a test checks), so its
# policy allows only this origin's styles, images, fonts and forms, and no framing.
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
# The admin: Wagtail 8 still writes inline scripts (inline panels, date pickers) and style
# attributes, draws images from data: and blob: URLs (uploads, QR codes) and previews pages in
# an iframe; it needs no eval and nothing from another origin.
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

# Permissions-Policy: the site uses none of these browser features.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "bluetooth",
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
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

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

# A connection kept between requests (CONN_MAX_AGE) is checked before reuse, so the site
# recovers by itself after a database restart instead of failing on a dead connection.
CONN_HEALTH_CHECKS = True
# Seconds a visitor is asked to wait (Retry-After) when the database is unreachable.
DATABASE_RETRY_AFTER = int(os.environ.get("DATABASE_RETRY_AFTER", "30"))

# E-mail: EMAIL_URL such as smtp://user:password@host:587/?tls=True (or smtp+ssl://…:465,
# console:, dummy:). Without it, Django's default applies (SMTP on localhost:25); the
# development settings print messages to the console instead.
EMAIL_URL = os.environ.get("EMAIL_URL", "")
if EMAIL_URL:
    globals().update(dj_email_url.parse(EMAIL_URL))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "webmaster@localhost")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = DEFAULT_FROM_EMAIL

# Uploaded images and documents: on local disk (served by nginx, see deploy/nginx.conf), or
# in an S3-compatible bucket when several app servers share them (MEDIA_STORAGE=s3, or
# AWS_STORAGE_BUCKET_NAME set; django-storages reads its AWS_* variables itself).
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
            # Uploads are never public by default: documents keep going through Wagtail's
            # view, which checks privacy and collection permissions, then streams the file.
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
            "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
        },
    }
# Documents are always served through Wagtail's /documents/ view (privacy and collection
# permissions hold); with DOCUMENTS_SENDFILE=nginx the view hands the file over to nginx
# (X-Accel-Redirect to an internal location) instead of streaming it through Python.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
if os.environ.get("DOCUMENTS_SENDFILE") == "nginx":
    SENDFILE_BACKEND = "portfolio.sendfile_nginx"
    SENDFILE_URL = "/_protected_documents/"

# The admin's "new Wagtail version available" check calls an outside server from every
# editor's browser: off unless asked for.
WAGTAIL_ENABLE_UPDATE_CHECK = env_bool("WAGTAIL_ENABLE_UPDATE_CHECK", False)
# ---------------------------------------------------------------------------------------------
# HTTP caching at the edge: nginx (deploy/nginx.conf) or a CDN keeps anonymous answers for
# EDGE_CACHE_SECONDS; Wagtail's frontend cache purges what a change touches at once. See
# docs/caching.md for what purges what, and for a CDN.
# ---------------------------------------------------------------------------------------------
# How long shared caches keep a public answer (s-maxage): the bound within which every page
# shows a change; the changed page itself is purged at once. With a CDN in front of nginx
# both layers keep it, so the bound is twice this: keep it at 30 or below.
EDGE_CACHE_SECONDS = int(os.environ.get("EDGE_CACHE_SECONDS", 30))
EDGE_CACHE_PRIVATE_PATHS = ("/admin/", "/documents/")
# Where purges go: nginx's address as seen from the app server (FRONTEND_CACHE_PURGE_URL,
# e.g. http://127.0.0.1:80), and/or a CDN (Cloudflare or CloudFront, from their variables).
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
# Each page's URL in every language is purged by projects/frontend_cache.py (slugs are
# translated): Wagtail's own rewriting of the language prefix would purge /en/projets/….
WAGTAILFRONTENDCACHE_LANGUAGES = []
