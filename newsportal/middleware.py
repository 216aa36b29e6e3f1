"""Site-wide response rules that no single view should have to remember."""

from http import HTTPStatus

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject
from csp.middleware import CSPMiddleware as PolicyPerResponseMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
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
    """The admin and the editor's upload views are never stored by a browser or a proxy, nor framed;
    whatever is rendered for a signed-in user is kept by no shared cache.

    Django's admin already sends no-cache headers on most of its pages; this
    covers every response under these paths, redirects and errors included.
    A public page seen by a signed-in user (an editor reading the site) may
    show what only they see (a draft's banner, their name), so it is
    ``private``: a CDN or proxy in front never keeps it for readers.
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
        elif _signed_in(request):
            patch_cache_control(response, private=True)
            response.headers.pop("X-Accel-Expires", None)
        return response


def _signed_in(request) -> bool:
    # Without a session cookie nobody is signed in; asking the session then would only add "Vary: Cookie".
    return settings.SESSION_COOKIE_NAME in request.COOKIES and request.user.is_authenticated


# What a response sets to have a policy of its own (django-csp's names).
_OWN_POLICY = ("_csp_config", "_csp_update", "_csp_replace", "_csp_config_ro", "_csp_update_ro", "_csp_replace_ro")
# (header, setting, the response's exemption flag) of the policy and of the report-only one.
_HEADERS = (
    (HEADER, "CONTENT_SECURITY_POLICY", "_csp_exempt"),
    (HEADER_REPORT_ONLY, "CONTENT_SECURITY_POLICY_REPORT_ONLY", "_csp_exempt_ro"),
)
_site_policies: list[tuple[str, str, str, tuple[str, ...]]] = []


def _forget_site_policies(setting, **kwargs):
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        _site_policies.clear()


setting_changed.connect(_forget_site_policies, dispatch_uid="forget_site_csp")


def site_policies() -> list[tuple[str, str, str, tuple[str, ...]]]:
    """[(header, policy, exemption flag, excluded path prefixes)] of the site's own policies."""
    if not _site_policies:
        for header, setting, exempt in _HEADERS:
            policy = build_policy(report_only=header == HEADER_REPORT_ONLY)
            excluded = tuple((getattr(settings, setting, None) or {}).get("EXCLUDE_URL_PREFIXES") or ())
            if policy:
                _site_policies.append((header, policy, exempt, excluded))
    return _site_policies


class CSPMiddleware(PolicyPerResponseMiddleware):
    """django-csp's middleware, with the site's own policy built once rather than for every response.

    django-csp builds both headers (the policy and the report-only one) from
    settings on every response: about 45 µs, a tenth of what a page served
    from the page cache costs. The site's policy changes only with settings,
    so it is kept. A response that asks for its own policy (the admin's,
    django-csp's view decorators) or whose page used a nonce goes through
    django-csp unchanged; its exemptions and excluded paths apply either way.
    """

    def process_response(self, request, response):
        if getattr(request, "_csp_nonce", None) is not None or any(hasattr(response, n) for n in _OWN_POLICY):
            return super().process_response(request, response)
        if settings.DEBUG and response.status_code in (HTTPStatus.INTERNAL_SERVER_ERROR, HTTPStatus.NOT_FOUND):
            return response  # Django's debug pages, as django-csp leaves them
        for header, policy, exempt, excluded in site_policies():
            if (
                header not in response
                and not getattr(response, exempt, False)
                and not request.path_info.startswith(excluded)
            ):
                response[header] = policy
        # As django-csp: a nonce asked for once the header is written is an error, not a page without it.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response
