"""deploy/nginx.conf, run by Debian's nginx on loopback in front of the site: pages, static, media, micro-cache."""

import shutil
import socket
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
def nginx(live_server, tmp_path, settings):
    """nginx with the shipped site file, its EDIT lines pointed at this test's server and folders."""
    if not Path(NGINX).exists():
        pytest.skip("Debian's nginx is not installed (apt-get install nginx-light)")
    settings.PAGE_CACHE_SECONDS = 60
    static = tmp_path / "static"
    (static / "css").mkdir(parents=True)
    (static / "css" / "site.css").write_text("body { color: #111 }")
    (static / "sample.html").write_text("<script>alert(1)</script>")
    port = free_port()
    site = (ROOT / "deploy" / "nginx.conf").read_text()
    for old, new in {
        "server 127.0.0.1:8000;": f"server {live_server.url.removeprefix('http://')};",
        "/var/cache/nginx/newsportal": str(tmp_path / "cache"),
        "listen 80;": f"listen 127.0.0.1:{port};",
        "server_name news.example.org;": "server_name localhost;",
        "/srv/newsportal/static/": f"{static}/",
        "/srv/newsportal/media/": f"{settings.MEDIA_ROOT}/",
    }.items():
        assert old in site, old
        site = site.replace(old, new)
    (tmp_path / "site.conf").write_text(site)
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
            include {tmp_path}/site.conf;
        }}
        """
    )
    process = subprocess.Popen(  # noqa: S603 - Debian's nginx with our test configuration
        [NGINX, "-c", str(tmp_path / "nginx.conf"), "-p", str(tmp_path)], stderr=subprocess.PIPE
    )
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            break
        except OSError:
            time.sleep(0.05)
    else:
        process.kill()
        pytest.fail(process.stderr.read().decode())
    yield f"http://127.0.0.1:{port}"
    process.terminate()
    process.wait(timeout=10)


def get(url, **headers):
    request = urllib.request.Request(url, headers={"Host": "localhost", "Accept-Language": "en", **headers})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - loopback only
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.mark.django_db(transaction=True)
def test_nginx_serves_pages_static_and_media_with_a_micro_cache_for_readers(nginx, settings):
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
