"""The image upload endpoint of the article editor (CKEditor 4).

It replaces django-ckeditor's stock view, which is CSRF-exempt and stores
any file it is given: this one keeps CSRF protection (the token arrives in
the X-CSRFToken header, see static/articles/admin/ckeditor-csrf.js), accepts
only staff who may write articles, and stores only a re-encoded copy of a
checked image. Answers use CKEditor's JSON upload protocol.

The editor's "Browse server" window is the media library (``library_picker``).
"""

import uuid

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from . import images
from .media import MediaImage


def _error(message: str, status: int = 200) -> JsonResponse:
    # CKEditor shows the message only on a 200 answer; other codes become a
    # generic "HTTP error".
    return JsonResponse({"uploaded": 0, "error": {"message": message}}, status=status)


def may_upload(user) -> bool:
    return (
        user.is_active
        and user.is_staff
        and (user.has_perm("articles.add_article") or user.has_perm("articles.change_article"))
    )


@never_cache
@require_POST
def editor_upload(request):
    if not may_upload(request.user):
        return _error(_("Only editors and authors can upload images."), status=403)
    upload = request.FILES.get("upload")
    if upload is None:
        return _error(_("No file was sent."))
    try:
        cleaned = images.clean_image(upload)
    except ValidationError as error:
        return _error(" ".join(error.messages))
    ext = cleaned.name.rsplit(".", 1)[-1]
    name = default_storage.save(timezone.now().strftime(f"uploads/%Y/%m/{uuid.uuid4().hex}.{ext}"), cleaned)
    return JsonResponse({"uploaded": 1, "fileName": name.rsplit("/", 1)[-1], "url": default_storage.url(name)})


@never_cache
def library_picker(request):
    """The editor's "Browse server" window: the media library, searched by caption, credit or
    description; choosing a picture puts it in the body as a figure with its caption and credit
    (static/articles/admin/library-picker.js)."""
    context = {**admin.site.each_context(request), "title": _("Media library"), "is_popup": True}
    if not may_upload(request.user):
        context["refused"] = True
        return render(request, "admin/articles/library_picker.html", context, status=403)
    query = request.GET.get("q", "").strip()[:100]
    pictures = MediaImage.objects.exclude(renditions={})
    if query:
        pictures = pictures.filter(Q(caption__icontains=query) | Q(credit__icontains=query) | Q(alt__icontains=query))
    page = Paginator(pictures, 30).get_page(request.GET.get("page"))
    # The editor's parameters go along with the search and the pages, so the choice still lands.
    keep = {key: request.GET[key] for key in ("CKEditor", "CKEditorFuncNum", "langCode") if key in request.GET}
    return render(
        request,
        "admin/articles/library_picker.html",
        {**context, "page": page, "query": query, "keep": keep},
    )
