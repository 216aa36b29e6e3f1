"""Uploaded media, served by Django when nothing in front (nginx, a CDN) does.

Only the picture types the upload gate produces are served, each with its own
type, never a guessed one: a file that somehow landed in MEDIA_ROOT under
another name (.html, .svg, .js) is a 404, not a page on our origin. The
security middleware adds ``nosniff``, so browsers keep to the declared type.
"""

import posixpath
from pathlib import Path

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.http import FileResponse, Http404
from django.utils._os import safe_join
from django.views.decorators.http import require_safe

MEDIA_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
    ".gif": "image/gif",
}


@require_safe
def serve_media(request, path: str):
    extension = posixpath.splitext(path)[1].lower()
    content_type = MEDIA_TYPES.get(extension)
    if content_type is None:
        raise Http404("Not a picture.")
    try:
        full = Path(safe_join(settings.MEDIA_ROOT, path))
    except SuspiciousFileOperation as error:  # a path outside MEDIA_ROOT
        raise Http404("No such file.") from error
    if not full.is_file():
        raise Http404("No such file.")
    response = FileResponse(full.open("rb"), content_type=content_type)
    # Stored names never change (a new upload gets a new name).
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Content-Disposition"] = "inline"
    return response
