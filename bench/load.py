"""Load benchmark of the production stack at 100,000 articles (run on demand, never in the test suite).

    .venv/bin/python bench/load.py [--articles 100000] [--database-url postgres://postgres@127.0.0.1:5432/newsportal_load]
                                   [--duration 10] [--connections 16] [--reuse]
                                   [--pages home,article,category,search,articles] [--modes cold,warm,nginx]

Fills a PostgreSQL database (emptied first unless --reuse) with synthetic
articles in one edition, 20 sections and shared generated covers, builds the
similar-news lists and keeps every article's page (`keep_pages`, as publishing
each does on a running site), then starts on loopback: gunicorn
(gunicorn.conf.py) with DEBUG off, Redis (db 3) as the cache, and Debian's
nginx with deploy/nginx.conf.
With `wrk -t2 -c<connections> -d<duration>s` it measures the home page, an
article, a category, a search, and "articles": the long tail, 20,000 random
articles asked for one after another (a new set in each mode, so no article
is asked for twice: what readers from search engines and shared links
bring), each

  cold   gunicorn, page cache off (every request renders)
  warm   gunicorn, page cache on
  nginx  through nginx and its micro-cache, page cache on

and prints one Markdown table (req/s, p50, p99, errors), the SQL queries
each page costs, and the p95 of 40 different searches. Everything it
started is stopped at the end.
"""

import argparse
import io
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
GUNICORN_PORT, NGINX_PORT = 8101, 8102


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/newsportal_load")
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--reuse", action="store_true", help="keep the database of an earlier run")
    parser.add_argument("--pages", default="home,article,category,search,articles", help="a comma-separated subset")
    parser.add_argument("--modes", default="cold,warm,nginx", help="a comma-separated subset")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="newsportal-load-"))
    env = {
        **os.environ,
        "DEBUG": "0", "SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0", "SECURE_HSTS_SECONDS": "0", "DATABASE_URL": args.database_url,
        "REDIS_URL": "redis://127.0.0.1:6379/3", "CONN_MAX_AGE": "60", "MEDIA_ROOT": str(work / "media"),
        "STATIC_ROOT": str(work / "static"), "BIND": f"127.0.0.1:{GUNICORN_PORT}", "WEB_ACCESS_LOG": "/dev/null",
        "PAGE_CACHE_SECONDS": "0",  # for the query counts in this process; each gunicorn run sets its own
    }  # fmt: skip
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "bench"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsportal.settings")
    manage = [sys.executable, str(ROOT / "manage.py")]
    if not args.reuse:
        subprocess.run([*manage, "flush", "--no-input"], check=False, env=env, stdout=subprocess.DEVNULL)
    # What a deployment runs before it serves (catalogues, migrations, static files): a fresh clone has none.
    subprocess.run([*manage, "release", "-v", "0"], check=True, env=env)
    import django

    django.setup()
    from articles.models import Article

    if not args.reuse or not Article.objects.exists():
        started = time.perf_counter()
        fill(args.articles)
        subprocess.run([*manage, "rebuild_related"], check=True, env=env)
        keep_pages(manage, env)
        # Fresh statistics for the planner, as autovacuum would give a running site some minutes later.
        subprocess.run([*manage, "dbshell", "--", "-c", "VACUUM ANALYZE"], check=True, env=env)
        print(f"archive of {Article.objects.count()} articles built in {time.perf_counter() - started:.0f} s")
    else:
        keep_pages(manage, env)  # pages an older version of the templates kept
    weather_now()
    pages = sample_pages()
    # The long tail: articles no reader asked for before, a new set for each mode (none repeats in a run).
    tails = dict(zip(("cold", "warm", "nginx"), chunks(article_tail(3 * TAIL), TAIL), strict=False))
    queries = count_queries(pages)
    queries["articles"] = queries["article"]
    subprocess.run(
        [shutil.which("redis-cli") or "redis-cli", "-n", "3", "flushdb"], check=True, stdout=subprocess.DEVNULL
    )

    rows, search_p95 = [], None
    chosen = args.pages.split(",")
    for mode, cache_seconds, port in (
        ("cold", 0, GUNICORN_PORT),
        ("warm", 60, GUNICORN_PORT),
        ("nginx", 60, NGINX_PORT),
    ):
        if mode not in args.modes.split(","):
            continue
        with gunicorn(env | {"PAGE_CACHE_SECONDS": str(cache_seconds)}), nginx(work, mode == "nginx"):
            for name, path in pages.items():
                if name not in chosen:
                    continue
                get(port, path)  # the first render (and the cache fill for warm)
                # Every worker's first requests load templates, catalogues and connections: a running
                # site has done that long ago, so a short run before the measured one does it here.
                wrk(port, path, args, seconds=3)
                result = wrk(port, path, args)
                rows.append((name, mode, result))
            if "articles" in chosen:
                tail = tails[mode]
                rows.append(("articles", mode, wrk(port, tail[0], args, rotate=tail)))
            if mode == "cold" and "search" in chosen:
                search_p95 = search_latency(port)
    print_table(rows, queries, search_p95, args, Article.objects.count())


def keep_pages(manage, env):
    """Render every article page ahead of readers, as publishing each article did on a real site (and
    `keep_pages` does after an upgrade): two processes, one per core."""
    started = time.perf_counter()
    shards = [subprocess.Popen([*manage, "keep_pages", "--shard", f"{n}/2"], env=env) for n in (1, 2)]
    if any(shard.wait() for shard in shards):
        raise SystemExit("keep_pages failed")
    print(f"article pages kept in {time.perf_counter() - started:.0f} s")


def fill(count):
    """The synthetic archive of bench/related_scale.py, plus covers shared by every 20th article."""
    import related_scale
    from django.core.files.base import ContentFile
    from django.db.models.functions import Mod
    from PIL import Image

    from articles.models import Article, Category

    related_scale.generate(count)
    covers = []
    for n in range(20):
        buffer = io.BytesIO()
        Image.new("RGB", (1600, 900), (40 + n * 9, 90, 160 - n * 5)).save(buffer, "JPEG", quality=85)
        sample = Article(
            title=f"Cover {n}", slug=f"cover-{n}", category=Category.objects.first(), language="en",
            status=Article.Status.DRAFT, cover=ContentFile(buffer.getvalue(), f"cover{n}.jpg"), cover_alt=f"Cover {n}",
        )  # fmt: skip
        sample.save()
        covers.append((sample.cover.name, sample.cover_renditions))
    synthetic = Article.objects.filter(external_id__startswith="synthetic-").annotate(slot=Mod("id", 20))
    for n, (name, renditions) in enumerate(covers):
        synthetic.filter(slot=n).update(cover=name, cover_renditions=renditions, cover_alt="A generated cover")


def sample_pages() -> dict:
    from articles.models import Article, Category

    article = Article.objects.published().filter(language="en").order_by("-published_at")[500]
    category = Category.objects.order_by("position", "pk").first()
    word = article.title.split()[0]
    return {
        "home": "/en/",
        "article": article.get_absolute_url(),
        "category": f"/en/category/{category.slug}/",
        "search": "/en/search/?" + urllib.parse.urlencode({"q": word}),
    }


def weather_now():
    """A fresh reading for every city, as `fetch_weather` every ten minutes keeps them: the widget is on."""
    from django.utils import timezone

    from caching import invalidate
    from weather.models import City, Observation
    from weather.selectors import SCOPE

    now = timezone.now().replace(second=0, microsecond=0)
    Observation.objects.bulk_create(
        [Observation(city=city, observed_at=now, temperature=4, weather_code=3, wind_speed=2.1, wind_direction=315,
                     humidity=70) for city in City.objects.filter(is_active=True)],
        ignore_conflicts=True,
    )  # fmt: skip
    invalidate(SCOPE)


# Articles per long-tail run: more than a run can ask for (10 s at 2,000 req/s), so none is seen twice.
TAIL = 20_000


def chunks(items: list, size: int) -> list[list]:
    return [items[start : start + size] for start in range(0, len(items), size)]


def article_tail(count=1000) -> list[str]:
    """Addresses of ``count`` articles picked at random: the archive's long tail, where no cache has them yet."""
    from articles.models import Article

    sample = Article.objects.published().filter(language="en").order_by("?").only("pk", "slug", "language")
    return [article.get_absolute_url() for article in sample[:count]]


def count_queries(pages) -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="localhost", headers={"Accept-Language": "en"})
    counts = {}
    for name, path in pages.items():
        client.get(path)  # warm the fragment caches, as a running site has them
        with CaptureQueriesContext(connection) as context:
            assert client.get(path).status_code == 200, path
        counts[name] = len(context.captured_queries)
    return counts


class gunicorn:
    def __init__(self, env):
        self.env = env

    def __enter__(self):
        self.log = open(self.env["STATIC_ROOT"] + "/../gunicorn.log", "ab")  # noqa: SIM115 - closed in __exit__
        self.process = subprocess.Popen(
            [str(BIN / "gunicorn"), "-c", str(ROOT / "gunicorn.conf.py"), "newsportal.wsgi"],
            cwd=ROOT, env=self.env, stdout=self.log, stderr=self.log,
        )  # fmt: skip
        wait_for(GUNICORN_PORT)
        return self

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)
        self.log.close()


class nginx:
    def __init__(self, work, enabled):
        self.work, self.enabled = work / "nginx", enabled

    def __enter__(self):
        if not self.enabled:
            return self
        self.work.mkdir(exist_ok=True)
        site = (ROOT / "deploy" / "nginx.conf").read_text()
        # The site's HTTPS server, spoken as plain HTTP on loopback (TLS is not what is measured here);
        # the port-80 server only redirects.
        plain = site.index("# Plain HTTP")
        site = site[:plain] + site[site.rindex("server {", 0, site.index("listen 443")) :]
        site = re.sub(r"\n\s*(ssl_\w+|listen \[::\]:443)[^\n]*", "", site)
        for old, new in {
            "server 127.0.0.1:8000;": f"server 127.0.0.1:{GUNICORN_PORT};",
            "/var/lib/nginx/newsportal-cache": str(self.work / "cache"),
            "listen 443 ssl http2;": f"listen 127.0.0.1:{NGINX_PORT} reuseport;",
            "server_name news.example.org;": "server_name localhost;",
            "/srv/newsportal/static/": os.environ["STATIC_ROOT"] + "/",
            "/srv/newsportal/media/": os.environ["MEDIA_ROOT"] + "/",
        }.items():
            assert old in site, old
            site = site.replace(old, new)
        (self.work / "site.conf").write_text(site)
        (self.work / "nginx.conf").write_text(
            f"user root; worker_processes auto; daemon off; pid {self.work}/nginx.pid;\n"
            f"error_log {self.work}/error.log warn;\nevents {{ worker_connections 1024; }}\n"
            f"http {{ include /etc/nginx/mime.types; access_log off; client_body_temp_path {self.work}/body;\n"
            f"proxy_temp_path {self.work}/proxy; include {self.work}/site.conf; }}\n"
        )
        nginx_bin = shutil.which("nginx") or "/usr/sbin/nginx"
        self.process = subprocess.Popen([nginx_bin, "-c", str(self.work / "nginx.conf"), "-p", str(self.work)])
        wait_for(NGINX_PORT)
        return self

    def __exit__(self, *exc):
        if self.enabled:
            self.process.send_signal(signal.SIGQUIT)
            self.process.wait(timeout=30)


def wait_for(port):
    for _ in range(300):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"nothing listens on 127.0.0.1:{port}")


def get(port, path):
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Host": "localhost"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - loopback only
            return response.read()
    except urllib.error.HTTPError as error:
        log = Path(os.environ["STATIC_ROOT"]).parent / "gunicorn.log"
        raise SystemExit(f"{path}: {error}; the server's log: {log}") from error


def wrk(port, path, args, rotate=(), seconds=None) -> dict:
    """wrk's figures for ``path``, or for each of ``rotate`` in turn (a Lua script hands them out)."""
    script = []
    if rotate:
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
            paths = ",".join(f'"{p}"' for p in rotate)
            # Each of wrk's threads starts at its own part of the list (with one start for all, as
            # math.random gave before, the two threads asked for every article at the same moment).
            lua.write(f"paths = {{{paths}}}\nlocal threads = 0\n"
                      "function setup(thread) thread:set('id', threads); threads = threads + 1 end\n"
                      "function init(args) n = id * math.floor(#paths / 2) end\n"
                      "request = function() n = n % #paths + 1; return wrk.format(nil, paths[n]) end\n")  # fmt: skip
        script = ["-s", lua.name]
    output = subprocess.run(
        [shutil.which("wrk") or "wrk", "-t2", f"-c{args.connections}", f"-d{seconds or args.duration}s", "--latency",
         "-H", "Host: localhost", *script, f"http://127.0.0.1:{port}{path}"],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    if script:
        os.unlink(script[1])
    errors = sum(
        int(n) for n in re.findall(r"(?:Non-2xx or 3xx responses:|connect|read|write|timeout)\s+(\d+)", output)
    )
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": milliseconds(re.search(r"50%\s+([\d.]+\w+)", output).group(1)),
        "p99": milliseconds(re.search(r"99%\s+([\d.]+\w+)", output).group(1)),
        "errors": errors,
        "error_lines": [line.strip() for line in output.splitlines() if "errors:" in line or "Non-2xx" in line],
    }


def milliseconds(value: str) -> float:
    number, unit = re.match(r"([\d.]+)(\w+)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60_000}[unit]


def search_latency(port) -> float:
    """p95 of 40 searches for different words (each one a real query; no cache)."""
    # The run before (the long tail) leaves up to --connections requests queued in gunicorn when wrk
    # stops; the first searches would time that queue, not a search.
    time.sleep(2)
    durations = []
    for word in search_words()[:40]:
        started = time.perf_counter()
        get(port, "/en/search/?" + urllib.parse.urlencode({"q": word}))
        durations.append((time.perf_counter() - started) * 1000)
    return statistics.quantiles(durations, n=20)[18]


def search_words() -> list[str]:
    """Different words of the archive's titles, in a fixed order."""
    from articles.models import Article

    words = set()
    for title in Article.objects.published().values_list("title", flat=True)[:2000]:
        words.update(title.split()[:3])
    return sorted(words)


def print_table(rows, queries, search_p95, args, articles):
    print(f"\n{articles} articles, PostgreSQL; wrk -t2 -c{args.connections} -d{args.duration}s on this machine\n")
    print("| page | mode | req/s | p50 | p99 | errors | SQL queries |")
    print("|---|---|---|---|---|---|---|")
    for name, mode, r in rows:
        print(
            f"| {name} | {mode} | {r['rps']:,.0f} | {r['p50']:.1f} ms | {r['p99']:.1f} ms | {r['errors']} | "
            f"{queries[name] if mode == 'cold' else 0} |"
        )
    for name, mode, r in rows:
        if r["errors"]:
            print(f"\n{name}, {mode}: wrk says " + "; ".join(r["error_lines"]))
    if search_p95 is not None:
        print(f"\nsearch, 40 different words one after another, uncached: p95 {search_p95:.1f} ms")


if __name__ == "__main__":
    main()
