"""Site-wide response rules that no single view should have to remember."""

from django.utils.cache import patch_cache_control

PRIVATE_PREFIXES = ("/admin/", "/ckeditor/")
# CKEditor 4 writes inline styles and scripts into its editing frame and
# dialogs; only the admin's policy allows them.
ADMIN_CSP = {
    "script-src": ["'unsafe-inline'", "'unsafe-eval'"],
    "style-src": ["'unsafe-inline'"],
    "img-src": ["blob:"],
    "frame-src": ["'self'"],
}


class PrivatePagesMiddleware:
    """The admin and the editor's upload views are never stored by a browser or a proxy, nor framed.

    Django's admin already sends no-cache headers on most of its pages; this
    covers every response under these paths, redirects and errors included.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(PRIVATE_PREFIXES):
            patch_cache_control(response, private=True, no_store=True)
            response.headers.pop("Expires", None)
            response["X-Frame-Options"] = "DENY"
            response._csp_update = ADMIN_CSP
        return response
