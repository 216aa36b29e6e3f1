from ckeditor_uploader import views as ckeditor_views
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.views.decorators import staff_member_required
from django.urls import include, path
from django.views.decorators.cache import never_cache

from articles import uploads

urlpatterns = [
    path("admin/", admin.site.urls),
    # django-ckeditor's widget looks these two names up. The upload is ours
    # (articles/uploads.py); the stock browser only lists files, staff only.
    path("ckeditor/upload/", uploads.editor_upload, name="ckeditor_upload"),
    path("ckeditor/browse/", never_cache(staff_member_required(ckeditor_views.browse)), name="ckeditor_browse"),
    path("", include("articles.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
