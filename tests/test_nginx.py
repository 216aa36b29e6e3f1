"""deploy/nginx.conf, run by Debian's nginx on loopback in front of the site: HTTPS, pages, static, media,
micro-cache; and `nginx -t` of the site inside Debian's own nginx.conf, as deploy/README.md installs it."""

import os
import shutil
import socket
import ssl
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from .articles.factories import ArticleFactory
from .articles.files import image_bytes

ROOT = Path(__file__).resolve().parent.parent
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def certificate(tmp_path):
    """A self-signed certificate for localhost, standing in for certbot's (which needs the internet)."""
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("openssl is not installed")
    cert, key = tmp_path / "fullchain.pem", tmp_path / "privkey.pem"
    subprocess.run(  # noqa: S603 - openssl making a throwaway certificate
        [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


def site_file(tmp_path, certificate, replacements: dict[str, str]) -> Path:
    """deploy/nginx.conf with these lines changed (each must be there) and the test's certificate."""
    cert, key = certificate
    site = (ROOT / "deploy" / "nginx.conf").read_text()
    replacements = {
        "/etc/letsencrypt/live/news.example.org/fullchain.pem": str(cert),
        "/etc/letsencrypt/live/news.example.org/privkey.pem": str(key),
        **replacements,
    }
    for old, new in replacements.items():
        assert old in site, old
        site = site.replace(old, new)
    path = tmp_path / "site.conf"
    path.write_text(site)
    return path


@pytest.fixture
def nginx(live_server, tmp_path, settings, certificate):
    """nginx with the shipped site file, its EDIT lines pointed at this test's server and folders.

    Yields (https base URL, http base URL).
    """
    if not Path(NGINX).exists():
        pytest.skip("Debian's nginx is not installed (apt-get install nginx-light)")
    settings.PAGE_CACHE_SECONDS = 60
    static = tmp_path / "static"
    (static / "css").mkdir(parents=True)
    (static / "css" / "site.css").write_text("body { color: #111 }")
    (static / "sample.html").write_text("<script>alert(1)</script>")
    webroot = tmp_path / "www"
    (webroot / ".well-known" / "acme-challenge").mkdir(parents=True)
    (webroot / ".well-known" / "acme-challenge" / "token-1").write_text("token-1.proof")
    https, http = free_port(), free_port()
    site = site_file(
        tmp_path,
        certificate,
        {
            "server 127.0.0.1:8000;": f"server {live_server.url.removeprefix('http://')};",
            "/var/lib/nginx/newsportal-cache": str(tmp_path / "cache"),
            "    listen [::]:80;\n": "",
            "    listen [::]:443 ssl http2;\n": "",
            "listen 80;": f"listen 127.0.0.1:{http};",
            "listen 443 ssl http2;": f"listen 127.0.0.1:{https} ssl http2;",
            "server_name news.example.org;": "server_name localhost;",
            "root /var/www/html;": f"root {webroot};",
            "/srv/newsportal/static/": f"{static}/",
            "/srv/newsportal/media/": f"{settings.MEDIA_ROOT}/",
        },
    )
    (tmp_path / "nginx.conf").write_text(
        f"""
        user root;
        worker_processes 1;
        daemon off;
        pid {tmp_path}/nginx.pid;
        error_log {tmp_path}/error.log warn;
        events {{ worker_connections 256; }}
        http {{
            include /etc/nginx/mime.types;
            access_log off;
            client_body_temp_path {tmp_path}/body;
            proxy_temp_path {tmp_path}/proxy;
            include {site};
        }}
        """
    )
    process = subprocess.Popen(  # noqa: S603 - Debian's nginx with our test configuration
        [NGINX, "-c", str(tmp_path / "nginx.conf"), "-p", str(tmp_path)], stderr=subprocess.PIPE
    )
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", https), timeout=0.1).close()
            break
        except OSError:
            time.sleep(0.05)
    else:
        process.kill()
        pytest.fail(process.stderr.read().decode())
    yield f"https://127.0.0.1:{https}", f"http://127.0.0.1:{http}"
    process.terminate()
    process.wait(timeout=10)


# The test's certificate is self-signed: the connection is encrypted, its issuer not checked.
UNVERIFIED = ssl._create_unverified_context()  # noqa: S323


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirects, urllib.request.HTTPSHandler(context=UNVERIFIED))


def get(url, **headers):
    request = urllib.request.Request(url, headers={"Host": "localhost", "Accept-Language": "en", **headers})
    try:
        with OPENER.open(request, timeout=10) as response:  # loopback only
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.mark.django_db(transaction=True)
def test_nginx_serves_pages_static_and_media_with_a_micro_cache_for_readers(nginx, settings):
    nginx, _http = nginx
    settings.ALLOWED_HOSTS = ["localhost", "127.0.0.1"]
    article = ArticleFactory(language="en", title="Snow closes the pass")
    status, headers, body = get(f"{nginx}{article.get_absolute_url()}")
    assert status == 200 and b"Snow closes the pass" in body
    assert headers["X-Micro-Cache"] == "MISS", headers
    status, headers, again = get(f"{nginx}{article.get_absolute_url()}")
    assert headers["X-Micro-Cache"] == "HIT" and again == body, " ".join(headers)

    _s, staff, _b = get(f"{nginx}{article.get_absolute_url()}", Cookie="sessionid=abc")
    assert staff["X-Micro-Cache"] == "BYPASS", "a session never reads from the micro-cache"
    _s, login, _b = get(f"{nginx}/admin/login/")
    _s, login_again, _b = get(f"{nginx}/admin/login/")
    assert login_again["X-Micro-Cache"] != "HIT", "private pages are never stored"

    status, headers, css = get(f"{nginx}/static/css/site.css")
    assert status == 200 and css.startswith(b"body") and "X-Micro-Cache" not in headers
    assert get(f"{nginx}/static/sample.html")[0] == 404

    name = default_storage.save("covers/picture.jpg", ContentFile(image_bytes()))
    default_storage.save("uploads/page.html", ContentFile(b"<script>alert(1)</script>"))
    status, headers, _b = get(f"{nginx}/media/{name}")
    assert status == 200 and headers["Content-Type"] == "image/jpeg"
    assert headers["X-Content-Type-Options"] == "nosniff" and "sandbox" in headers["Content-Security-Policy"]
    assert get(f"{nginx}/media/uploads/page.html")[0] == 404
    assert get(f"{nginx}/healthz")[0] == 200


@pytest.mark.django_db(transaction=True)
def test_plain_http_answers_certbots_challenge_and_sends_everything_else_to_https(nginx):
    _https, http = nginx
    status, headers, _b = get(f"{http}/en/news/1-some-story/?page=2")
    assert status == 301
    assert headers["Location"] == "https://localhost/en/news/1-some-story/?page=2"
    status, _h, body = get(f"{http}/.well-known/acme-challenge/token-1")
    assert (status, body) == (200, b"token-1.proof"), "renewals (certbot --webroot) keep working"


def test_the_site_passes_nginx_t_inside_debians_own_nginx_conf(tmp_path, certificate):
    """As deploy/README.md installs it: Debian's /etc/nginx/nginx.conf including the site, nothing created by hand.

    Only the certificate's paths differ (certbot's files need the internet); the cache folder is the
    shipped one, which nginx makes inside the package's own /var/lib/nginx.
    """
    main = Path("/etc/nginx/nginx.conf")
    if not Path(NGINX).exists() or not main.exists():
        pytest.skip("Debian's nginx is not installed (apt-get install nginx-light)")
    if os.geteuid() != 0:
        pytest.skip("nginx -t with Debian's nginx.conf reads root-only files; run as root (CI does)")
    site = site_file(tmp_path, certificate, {})
    enabled = "include /etc/nginx/sites-enabled/*;"
    config = main.read_text()
    assert enabled in config, "Debian's nginx.conf includes the enabled sites"
    (tmp_path / "nginx.conf").write_text(config.replace(enabled, f"include {site};"))
    result = subprocess.run(  # noqa: S603 - Debian's nginx testing a configuration
        [NGINX, "-t", "-c", str(tmp_path / "nginx.conf")], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr
