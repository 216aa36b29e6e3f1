import re

from ckeditor_uploader import views as ckeditor_views
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, re_path
from django.views.decorators.cache import never_cache

from articles import sitemaps, uploads
from articles import views as article_views
from newsportal import media
from newsportal import views as site_views
from weather import views as weather_views

urlpatterns = [
    path("admin/", admin.site.urls),
    # django-ckeditor's widget looks these two names up. The upload is ours
    # (articles/uploads.py); the stock browser only lists files, staff only.
    path("ckeditor/upload/", uploads.editor_upload, name="ckeditor_upload"),
    # "Browse server" opens the media library (articles/uploads.py); the stock list of files
    # uploaded in the editor stays at ckeditor/files/, staff only.
    path("ckeditor/browse/", uploads.library_picker, name="ckeditor_browse"),
    path("ckeditor/files/", never_cache(staff_member_required(ckeditor_views.browse)), name="ckeditor_files"),
    path("views/<int:pk>/", article_views.count_view, name="count_view"),
    path("language/<str:code>/", article_views.switch_language, name="switch_language"),
    path(
        "sitemap.xml",
        sitemap_views.sitemap,
        {"sitemaps": sitemaps.SITEMAPS},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path("news-sitemap.xml", sitemaps.news_sitemap, name="news_sitemap"),
    path("robots.txt", article_views.robots_txt, name="robots_txt"),
    path("healthz", site_views.healthz, name="healthz"),
    path("weather/city/", weather_views.choose_city, name="weather_choose_city"),
]
urlpatterns += i18n_patterns(path("", include("articles.urls")), path("", include("weather.urls")))

if settings.SERVE_MEDIA:
    urlpatterns.append(re_path(rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.+)$", media.serve_media))

handler400 = "newsportal.views.bad_request"
handler500 = "newsportal.views.server_error"
