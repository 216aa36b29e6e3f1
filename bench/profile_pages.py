"""Where an uncached page's time goes (run on demand, never in the test suite).

    .venv/bin/python bench/profile_pages.py [--database-url postgres://postgres@127.0.0.1:5432/newsportal_load]
                                            [--requests 200] [--profile article] [--top 30]

Renders each page of bench/load.py in this process with production settings
(DEBUG off, Redis db 3 as the cache, page cache off, fragment caches warm as on
a running site) and prints the mean and p95 time per request and the SQL time
within it. "articles" takes one of 500 random articles on each request (the
long tail of an archive; a quarter of them seen during the warm-up); "cold
article" a different article on each request, none of them ever read before
(a reader from a search engine or a shared link: only the edition's blocks
are warm, and the page kept when the article was published, articles.pages);
"unkept article" the same without a kept page (the first reader after an
upgrade that changed the article templates: it renders the page and keeps
it; the rows are deleted for the run and kept again by it); "searches" a
different word on each (each a real search, its 20 cards never rendered
before). With
--profile PAGE it also prints cProfile's most expensive functions for that
page (cumulative time; SORT=tottime in the environment sorts by own time).
With --page-cache the page cache is on (60 s, worker copies 2 s, as
`make serve` with Redis): what a page served from the cache costs.
Needs the database that bench/load.py filled.
"""

import argparse
import cProfile
import io
import os
import pstats
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/newsportal_load")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--profile", help="a row's name, e.g. 'cold article' or 'unkept article'")
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--page-cache", action="store_true", help="measure hits of the page cache")
    args = parser.parse_args()
    os.environ.update(
        DEBUG="0", SECRET_KEY=secrets.token_urlsafe(50), ALLOWED_HOSTS="localhost", SECURE_SSL_REDIRECT="0",
        SECURE_HSTS_SECONDS="0", DATABASE_URL=args.database_url, REDIS_URL="redis://127.0.0.1:6379/3",
        CONN_MAX_AGE="60", PAGE_CACHE_SECONDS="60" if args.page_cache else "0",
        LOCAL_CACHE_SECONDS="2", DJANGO_SETTINGS_MODULE="newsportal.settings",
        STATIC_ROOT=tempfile.mkdtemp(prefix="newsportal-profile-"),
    )  # fmt: skip
    sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
    import django

    django.setup()
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from load import article_tail, sample_pages, search_words, weather_now

    cache.clear()  # nothing left from an earlier run: "cold article" must meet its articles for the first time
    weather_now()
    pages = sample_pages()
    tail = article_tail(500)
    fresh = [path for path in article_tail(2 * args.requests + 200) if path not in tail]
    never_seen, unkept = fresh[: args.requests + 50], fresh[args.requests + 50 : 2 * args.requests + 100]
    from articles.models import ArticlePage

    ArticlePage.objects.filter(pk__in=[int(path.split("/")[-2].split("-")[0]) for path in unkept]).delete()
    client = Client(HTTP_HOST="localhost", headers={"Accept-Language": "en", "User-Agent": "Mozilla/5.0"})
    sql_time = [0.0]

    def timed_sql(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            sql_time[0] += time.perf_counter() - started

    print("| page | mean | p95 | of which SQL (mean) | requests |\n|---|---|---|---|---|")
    words = search_words()[: args.requests + 50]
    searches = [f"/en/search/?q={word}" for word in words]
    rows = {
        **{n: [p] for n, p in pages.items()},
        "articles": tail,
        "cold article": never_seen,
        "unkept article": unkept,
        "searches": searches,
    }
    for name, paths in rows.items():
        for path in paths[:50]:
            assert client.get(path).status_code == 200, path  # warm the fragment caches and connections
        if name in ("cold article", "unkept article", "searches"):
            paths = paths[50:]  # none of the measured articles or words asked for before
        durations, sql = [], []
        profiler = cProfile.Profile() if args.profile == name else None
        with connection.execute_wrapper(timed_sql):
            for n in range(args.requests):
                sql_time[0] = 0.0
                started = time.perf_counter()
                if profiler:
                    profiler.enable()
                client.get(paths[n % len(paths)])
                if profiler:
                    profiler.disable()
                durations.append((time.perf_counter() - started) * 1000)
                sql.append(sql_time[0] * 1000)
        p95 = statistics.quantiles(durations, n=20)[18]
        print(f"| {name} | {statistics.mean(durations):.1f} ms | {p95:.1f} ms | {statistics.mean(sql):.1f} ms | "
              f"{args.requests} |")  # fmt: skip
        if profiler:
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats(os.environ.get("SORT", "cumulative")).print_stats(args.top)
            print(out.getvalue())


if __name__ == "__main__":
    main()
