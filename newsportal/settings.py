"""Settings for the news portal, read from the environment (see .env.example).

Development needs no variables at all. With DEBUG off (production) the site
refuses to start without SECRET_KEY and ALLOWED_HOSTS.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.conf.locale import LANG_INFO
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", default=False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "development-only-key-never-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if DEBUG and not ALLOWED_HOSTS:
    ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "newsportal.apps.NewsroomAdminConfig",  # Django's admin with the newsroom's dashboard
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "csp",
    "ckeditor",
    "ckeditor_uploader",
    "reversion",
    "axes",
    # Below every app of ours: the page cache, generations, fragments, per-worker copies.
    "caching",
    "accounts",
    "backups",
    "articles",
    "weather",
    "related",
    "telegram",
    # The project package: its system checks and the release command.
    "newsportal",
]

MIDDLEWARE = [
    "newsportal.requests.RequestIdMiddleware",
    "newsportal.routers.PrimaryForWritesMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "newsportal.middleware.CSPMiddleware",  # django-csp's, its policy built once
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Anonymous readers' pages from the cache; inside the header middleware above,
    # so a cached page gets fresh security headers and request id.
    "caching.pages.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "newsportal.middleware.PrivatePagesMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into its page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsportal.urls"
WSGI_APPLICATION = "newsportal.wsgi.application"

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
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # An unreachable database answers within seconds (the 503 page), not after the OS gives up.
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = int(
        os.environ.get("DATABASE_CONNECT_TIMEOUT", 2)
    )
# Read replicas (newsportal/routers.py): reads go to one of them, writes and the
# newsroom's requests to the primary above.
for number, url in enumerate(env_list("DATABASE_REPLICA_URLS"), start=1):
    replica = dj_database_url.parse(url, conn_max_age=DATABASES["default"]["CONN_MAX_AGE"], conn_health_checks=True)
    replica["OPTIONS"] = {**DATABASES["default"].get("OPTIONS", {}), **replica.get("OPTIONS", {})}
    replica["TEST"] = {"MIRROR": "default"}  # tests read what they wrote
    DATABASES[f"replica{number}"] = replica
if len(DATABASES) > 1:
    DATABASE_ROUTERS = ["newsportal.routers.PrimaryReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "newsportal",
            "OPTIONS": {
                "SOCKET_CONNECT_TIMEOUT": 0.5,
                "SOCKET_TIMEOUT": 0.5,
                # A cache outage must slow nothing down and fail no page.
                "IGNORE_EXCEPTIONS": True,
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTHENTICATION_BACKENDS = [
    # django-axes counts failed sign-ins and refuses locked-out ones before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Ten failures lock an account name, and (separately) an address, for 15
# minutes; a success clears the count. The lock-out page is the same whether
# the account exists or not.
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", 10))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LOGIN_COOLOFF_MINUTES", 15)))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"
AXES_CLIENT_IP_CALLABLE = "accounts.clients.axes_client_ip"
AXES_VERBOSE = False
# How many reverse proxies of ours (nginx, a load balancer) stand in front of
# gunicorn; the client address is read from X-Forwarded-For only past them.
TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", 0))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = os.environ.get("LANGUAGE_CODE", "uz")
# Editions. "uz-cyrl" is the Uzbek articles in Cyrillic (articles/editions.py): /uz-cyrl/ addresses,
# locale/uz_Cyrl (generated from locale/uz by `python manage.py cyrillic_catalogue`).
LANGUAGES = [("uz", _("Uzbek")), ("uz-cyrl", _("Uzbek (Cyrillic)")), ("ru", _("Russian")), ("en", _("English"))]
LANG_INFO.setdefault("uz-cyrl", {"bidi": False, "code": "uz-cyrl", "name": "Uzbek (Cyrillic)", "name_local": "Ўзбекча"})
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Tashkent")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    # The apps' static files without CKEditor's sample and test pages.
    "newsportal.staticfiles.PublicAppDirectoriesFinder",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed, compressed names in production (after collectstatic); plain in development.
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# In development whitenoise serves straight from the app folders, as runserver would.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# Media on S3-compatible object storage (django-storages) when MEDIA_S3_BUCKET
# is set: every host then sees the same files. Credentials come from the
# environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY) or the host's role.
MEDIA_S3_BUCKET = os.environ.get("MEDIA_S3_BUCKET", "")
if MEDIA_S3_BUCKET:
    MEDIA_S3_DOMAIN = os.environ.get("MEDIA_S3_CUSTOM_DOMAIN", "")  # a CDN or the bucket's public host
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": MEDIA_S3_BUCKET,
            "endpoint_url": os.environ.get("MEDIA_S3_ENDPOINT_URL") or None,  # MinIO, Ceph, R2, ...
            "region_name": os.environ.get("MEDIA_S3_REGION") or None,
            "custom_domain": MEDIA_S3_DOMAIN or None,
            "location": os.environ.get("MEDIA_S3_PREFIX", "media"),
            "querystring_auth": False,  # pictures are public; their URLs must not expire in cached pages
            "file_overwrite": False,  # a new upload never replaces a file an old revision shows
            "default_acl": None,
            "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
        },
    }
    if MEDIA_S3_DOMAIN:
        MEDIA_URL = f"https://{MEDIA_S3_DOMAIN}/"
# Where pictures come from, for the Content Security Policy.
MEDIA_ORIGINS = [MEDIA_URL] if "://" in MEDIA_URL else []
if MEDIA_S3_BUCKET and not MEDIA_URL.startswith("https://"):
    MEDIA_ORIGINS.append(os.environ.get("MEDIA_S3_ENDPOINT_URL") or "https://*.amazonaws.com")
# Django serves uploaded pictures itself (newsportal/media.py) unless a web
# server in front does (deploy/nginx.conf) or they live elsewhere (S3, a CDN).
SERVE_MEDIA = env_bool("SERVE_MEDIA", default=MEDIA_URL.startswith("/") and not MEDIA_S3_BUCKET)

# Uploads: anything bigger than this is refused before Pillow sees it.
IMAGE_MAX_BYTES = int(os.environ.get("IMAGE_MAX_BYTES", 10 * 1024 * 1024))
IMAGE_MAX_PIXELS = int(os.environ.get("IMAGE_MAX_PIXELS", 40_000_000))
IMAGE_MAX_FRAMES = int(os.environ.get("IMAGE_MAX_FRAMES", 100))
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o644

# Weather: the Open-Meteo forecast API (no key). Tests and offline demos
# point WEATHER_API_URL at a local fake that speaks the same protocol.
WEATHER_API_URL = os.environ.get("WEATHER_API_URL", "https://api.open-meteo.com/v1/forecast")
WEATHER_CONNECT_TIMEOUT = float(os.environ.get("WEATHER_CONNECT_TIMEOUT", 3))
WEATHER_READ_TIMEOUT = float(os.environ.get("WEATHER_READ_TIMEOUT", 5))
WEATHER_RETRIES = int(os.environ.get("WEATHER_RETRIES", 2))
WEATHER_DEFAULT_CITY = os.environ.get("WEATHER_DEFAULT_CITY", "tashkent")
WEATHER_KEEP_DAYS = int(os.environ.get("WEATHER_KEEP_DAYS", 7))
# Without any fetched data, development shows clearly labelled sample weather.
WEATHER_SAMPLE_DATA = env_bool("WEATHER_SAMPLE_DATA", default=DEBUG)

# Backups (`manage.py backup`): the folder the dated backups go to, and how many of them to keep
# (the oldest beyond that are deleted after each new one; 0 keeps every one).
BACKUP_ROOT = Path(os.environ.get("BACKUP_ROOT", VAR_DIR / "backups"))
BACKUP_KEEP = int(os.environ.get("BACKUP_KEEP", 14))

# Similar news: how many articles each list holds.
RELATED_COUNT = int(os.environ.get("RELATED_COUNT", 6))

# The section (its name in the line's edition, or its slug) of an imported article whose line names
# none; empty: such a line is reported and not imported (manage.py import_articles).
IMPORT_DEFAULT_SECTION = os.environ.get("IMPORT_DEFAULT_SECTION", "")

# Reader views: counted in Redis and written by `manage.py flush_views` (every
# minute, see deploy/) when Redis is configured; straight to the database otherwise.
VIEW_BUFFER = env_bool("VIEW_BUFFER", default=bool(REDIS_URL))
VIEW_BUFFER_KEY = os.environ.get("VIEW_BUFFER_KEY", "newsportal:views")

# Caching (the caching app; README, "Caching", has the table of what is kept and for how long).
# Whole pages for anonymous readers: seconds a page may be served from the cache
# at most (any change of its edition invalidates it at once, and a page never
# outlives a block it shows), and how long a request waits for another's render
# of the same page. On in production with Redis: invalidation must reach every
# worker, which a per-process cache cannot do. Off in development and tests unless set.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", 60 if REDIS_URL and not DEBUG else 0))
PAGE_CACHE_WAIT = float(os.environ.get("PAGE_CACHE_WAIT", 3))
# Pages outside the editions' /<language>/ that the page cache keeps (they list every edition).
PAGE_CACHE_SITE_PATHS = ["/sitemap.xml", "/news-sitemap.xml", "/robots.txt"]
# Cookies a public page depends on: each value has its own copy (the header's weather city).
PAGE_CACHE_VARY_COOKIES = ["weather_city"]
# Seconds each worker process keeps its own copy of a page or block it read
# from the cache, saving a Redis round trip each. Changes still show at once
# (keys hold their scope's generation, re-read every half second), and no copy
# outlives its block. 0 reads Redis every time (tests, development).
LOCAL_CACHE_SECONDS = float(os.environ.get("LOCAL_CACHE_SECONDS", 2 if REDIS_URL and not DEBUG else 0))
# Seconds nginx's micro-cache may keep such a page (X-Accel-Expires; deploy/nginx.conf).
PAGE_CACHE_PROXY_SECONDS = int(os.environ.get("PAGE_CACHE_PROXY_SECONDS", 1))

CKEDITOR_UPLOAD_PATH = "uploads/"
CKEDITOR_ALLOW_NONIMAGE_FILES = False
CKEDITOR_CONFIGS = {
    "default": {
        "toolbar": "Newsroom",
        "toolbar_Newsroom": [
            ["Format", "Bold", "Italic", "Strike", "Subscript", "Superscript", "RemoveFormat"],
            ["NumberedList", "BulletedList", "Blockquote", "-", "Link", "Unlink"],
            ["Image", "NewsEmbed", "Table", "HorizontalRule", "SpecialChar"],
            ["Undo", "Redo", "-", "PasteText", "PasteFromWord", "-", "Source", "Maximize"],
        ],
        "format_tags": "p;h2;h3;h4;pre",
        "height": 420,
        "width": "100%",
        "extraPlugins": "uploadimage,newsembed",
        # The "Embed" button (articles/embeds.py makes the line an embed on save).
        "external_plugin_resources": [("newsembed", "/static/articles/ckeditor/newsembed/", "plugin.js")],
        # Uploads go through XMLHttpRequest so that admin/ckeditor-csrf.js can
        # send Django's CSRF token with them; the form method cannot.
        "filebrowserUploadMethod": "xhr",
        "removeDialogTabs": "image:advanced;link:advanced",
        "image_prefillDimensions": True,
        # What the sanitiser keeps (articles/sanitize.py) the editor keeps too, so that a
        # definition list, an abbreviation, a language span, a library figure or an embed
        # survive loading a saved body and switching from Source.
        "extraAllowedContent": (
            "figure figcaption dl dt dd mark cite q s sub sup; abbr[title]; span p blockquote[lang,dir];"
            " img[width,height]; th[scope,colspan,rowspan]; td[colspan,rowspan];"
            " figure(embed)[data-embed,data-embed-id,data-embed-start]"
        ),
        # A picture's size stays in width and height (the sanitiser drops style attributes).
        "disallowedContent": "img{width,height}",
    }
}
# CKEditor 4 is end-of-life (ckeditor.W001). The product owner asked for it;
# the risk is answered server-side: every stored body passes the allow-list
# sanitiser in articles/sanitize.py, so nothing the editor lets through can
# reach a reader unfiltered.
SILENCED_SYSTEM_CHECKS = ["ckeditor.W001"]

# Background tasks (Celery, newsportal/celery.py): the Telegram outbox. The broker is the Redis the
# stack has. Without one (development, tests) a task runs in the process that asks for it, at once.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", REDIS_URL or "memory://")
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", default=CELERY_BROKER_URL == "memory://")
CELERY_TASK_ACKS_LATE = True  # a task a killed worker held is given to the next one
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A publish must not wait for a broker that is down: the outbox's sweep sends what was not queued.
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 1, "socket_timeout": 2, "visibility_timeout": 600}
CELERY_TASK_PUBLISH_RETRY = False
CELERY_BEAT_SCHEDULE = {
    "telegram-sweep": {"task": "telegram.tasks.sweep", "schedule": float(os.environ.get("TELEGRAM_SWEEP_SECONDS", 5))},
}
CELERY_TIMEZONE = "UTC"

# How often a reader's live page asks for new entries (static/js/live.js), in seconds.
LIVE_POLL_SECONDS = int(os.environ.get("LIVE_POLL_SECONDS", 20))

# Telegram: each edition's stories posted to its channel (telegram/). Off without a token.
TELEGRAM_BOT_TOKEN = os.environ.get("TELEGRAM_BOT_TOKEN", "")
TELEGRAM_API_URL = os.environ.get("TELEGRAM_API_URL", "https://api.telegram.org").rstrip("/")
# Per edition: @channelname or its numeric id (-100…); an edition without one posts nothing.
TELEGRAM_CHANNELS = {
    edition: os.environ.get(f"TELEGRAM_CHANNEL_{edition.upper().replace('-', '_')}", "")
    for edition in ("uz", "uz-cyrl", "ru", "en")
}
# The site's public address, for the links in posts (a worker has no request to ask).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000" if DEBUG else "").rstrip("/")
TELEGRAM_MAX_ATTEMPTS = int(os.environ.get("TELEGRAM_MAX_ATTEMPTS", 8))
# Seconds to connect, and to wait for Telegram's answer once the request is sent.
TELEGRAM_TIMEOUT = (float(os.environ.get("TELEGRAM_CONNECT_TIMEOUT", 5)), float(os.environ.get("TELEGRAM_TIMEOUT", 20)))

# Content Security Policy (django-csp). Public pages run only our own script
# files: no inline script, no plugins, no framing, no foreign base URL. The
# admin needs more for CKEditor (newsportal.middleware relaxes it there).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *MEDIA_ORIGINS],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Production hardening, on whenever DEBUG is off.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Staff sessions last a working day, not Django's two weeks.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", 12 * 60 * 60))
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    # A load balancer's health check may come over plain HTTP from inside the network.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 31_536_000))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)

# One line per event, each with the id of the request it belongs to (the
# X-Request-ID header, and the reference on the error pages). Django's own
# request logger writes each failing request once, with its traceback.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "newsportal.requests.RequestIdFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["request_id"], "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # A bad Host header is an everyday scan, not an error worth a traceback.
        "django.security.DisallowedHost": {"level": "ERROR", "handlers": [], "propagate": False},
    },
}
# A cache outage is logged (once per failed call) but never fails a page.
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
