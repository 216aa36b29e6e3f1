"""Headers, the Content Security Policy, media and static files, and the production settings."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command

from .articles.factories import ArticleFactory, UserFactory
from .articles.files import image_bytes

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent


def policy(response) -> dict[str, set[str]]:
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *values = part.split()
        directives[name] = set(values)
    return directives


def test_public_pages_allow_only_our_own_scripts(client):
    article = ArticleFactory(language="en")
    for url in ("/en/", article.get_absolute_url(), "/en/search/?q=x", "/en/weather/"):
        response = client.get(url)
        csp = policy(response)
        assert csp["script-src"] == {"'self'"}, url
        assert csp["object-src"] == {"'none'"}
        assert csp["base-uri"] == {"'self'"}
        assert csp["frame-ancestors"] == {"'none'"}
        assert "'unsafe-inline'" not in response["Content-Security-Policy"]
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert response["X-Frame-Options"] == "DENY"
        content = response.content.decode()
        # No inline script: every <script> either has a src or is a JSON-LD data block.
        for tag in content.split("<script")[1:]:
            assert " src=" in tag.split(">")[0] or 'type="application/ld+json"' in tag.split(">")[0], url
        assert not re.search(r"<[^>]*\son[a-z]+\s*=", content), f"{url}: an inline event handler"


def test_the_admin_policy_is_relaxed_for_ckeditor_only_there(client):
    client.force_login(UserFactory(username="editor", group="Editor"))
    admin = policy(client.get("/admin/articles/article/add/"))
    assert "'unsafe-inline'" in admin["script-src"] and "'unsafe-inline'" in admin["style-src"]
    assert admin["object-src"] == {"'none'"} and admin["frame-ancestors"] == {"'none'"}
    assert "'unsafe-inline'" not in client.get("/en/")["Content-Security-Policy"]


def csp_of(view, path="/en/"):
    """The headers our CSP middleware gives ``view``'s response to a GET of ``path``."""
    from django.test import RequestFactory

    from newsportal.middleware import CSPMiddleware

    request = RequestFactory().get(path)
    middleware = CSPMiddleware(view)
    return middleware(request), request


def test_the_policy_built_once_is_django_csps_and_follows_its_settings(settings):
    from csp.decorators import csp_exempt, csp_update
    from csp.utils import build_policy
    from django.http import HttpResponse

    def page(request):
        return HttpResponse("page")

    response, _request = csp_of(page)
    assert response["Content-Security-Policy"] == build_policy()
    assert "Content-Security-Policy-Report-Only" not in response
    assert "Content-Security-Policy" not in csp_of(csp_exempt()(page))[0]
    updated = csp_of(csp_update({"img-src": ["https://maps.example.org"]})(page))[0]
    assert "https://maps.example.org" in policy(updated)["img-src"]
    assert "https://maps.example.org" not in csp_of(page)[0]["Content-Security-Policy"]

    settings.CONTENT_SECURITY_POLICY = {
        "EXCLUDE_URL_PREFIXES": ["/legacy/"],
        "DIRECTIVES": {"default-src": ["'self'"], "img-src": ["'self'", "https://cdn.example.org"]},
    }
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": {"default-src": ["'none'"]}}
    response, _request = csp_of(page)
    assert policy(response)["img-src"] == {"'self'", "https://cdn.example.org"}, "a settings change is seen"
    assert response["Content-Security-Policy-Report-Only"] == "default-src 'none'"
    legacy, _request = csp_of(page, "/legacy/page/")
    assert "Content-Security-Policy" not in legacy and "Content-Security-Policy-Report-Only" in legacy


def test_a_page_that_uses_a_nonce_gets_it_in_its_policy_and_a_late_nonce_is_an_error(settings):
    from csp.constants import NONCE, SELF
    from csp.exceptions import CSPNonceError
    from django.http import HttpResponse

    def page_with_nonce(request):
        return HttpResponse(f'<script nonce="{request.csp_nonce}" src="/static/a.js"></script>')

    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": [SELF], "script-src": [SELF, NONCE]}}
    response, request = csp_of(page_with_nonce)
    assert f"'nonce-{request._csp_nonce}'" in policy(response)["script-src"]
    response, request = csp_of(lambda request: HttpResponse("page"))
    assert policy(response)["script-src"] == {"'self'"}
    with pytest.raises(CSPNonceError):
        str(request.csp_nonce)


def test_media_pictures_are_served_with_their_own_type_and_nosniff(client):
    article = ArticleFactory(cover=ContentFile(image_bytes(), "c.jpg"), cover_alt="A picture")
    response = client.get(article.cover.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    webp = article.rendition("card-480")["url"]
    assert client.get(webp)["Content-Type"] in ("image/webp", "image/jpeg")


@pytest.mark.parametrize(
    "name", ["uploads/evil.html", "uploads/evil.svg", "uploads/evil.js", "uploads/evil.jpg.html", "uploads/.htaccess"]
)
def test_media_never_serves_html_svg_or_scripts(client, name):
    default_storage.save(name, ContentFile(b"<svg onload=alert(1)><script>alert(1)</script></svg>"))
    response = client.get(f"/media/{name}")
    assert response.status_code == 404
    assert b"alert(1)" not in response.content


def test_media_paths_cannot_leave_the_media_folder(client):
    assert client.get("/media/../manage.py").status_code == 404
    assert client.get("/media/%2e%2e/%2e%2e/etc/passwd.jpg").status_code == 404


def test_ckeditor_sample_pages_are_not_published(client, settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    call_command("collectstatic", interactive=False, verbosity=0)
    collected = settings.STATIC_ROOT / "ckeditor" / "ckeditor"
    assert (collected / "ckeditor.js").exists(), "the editor itself is published"
    assert not (collected / "samples").exists()
    assert not list(collected.rglob("*.html")), "no CKEditor HTML page at all"
    pages = ("samples/index.html", "plugins/preview/preview.html")
    for url in (f"/static/ckeditor/ckeditor/{page}" for page in pages):
        assert client.get(url).status_code == 404, url


# Variables of this test process that a production start would not have (the
# browser tests allow Django's ORM inside Playwright's event loop).
TEST_ONLY = {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "a-long-production-secret-key-for-this-test-only-0123456789-abcdefghij",
    "ALLOWED_HOSTS": "news.example.com",
    "DATABASE_URL": "sqlite:///:memory:",
}


def run_django(code: str, **env):
    clean = {k: v for k, v in os.environ.items() if k not in TEST_ONLY}
    clean.update(DJANGO_SETTINGS_MODULE="newsportal.settings", **env)
    return subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS"])
def test_production_refuses_to_start_without_a_secret_key_or_allowed_hosts(missing):
    env = {k: v for k, v in PRODUCTION.items() if k != missing}
    result = run_django("print('started')", **env)
    assert result.returncode != 0
    assert f"{missing} must be set" in result.stderr
    assert "started" not in result.stdout


def test_production_cookies_are_secure_httponly_and_same_site():
    code = (
        "from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.SESSION_COOKIE_SAMESITE, "
        "s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS > 0, s.SECURE_SSL_REDIRECT)"
    )
    result = run_django(code, **PRODUCTION)
    assert result.stdout.split() == ["True", "True", "Lax", "True", "True", "True"], result.stderr


def test_check_deploy_passes_with_the_production_environment():
    clean = {k: v for k, v in os.environ.items() if k not in TEST_ONLY}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={**clean, **PRODUCTION},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
