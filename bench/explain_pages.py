"""EXPLAIN ANALYZE of every query a reader page runs, on the PostgreSQL archive of bench/load.py.

    .venv/bin/python bench/explain_pages.py [--database-url postgres://postgres@127.0.0.1:5432/newsportal_load]
                                            [--plans]

Renders each page with every cache empty (so the fragments' queries run too:
the worst case, right after an article changes) and prints one Markdown row per
query: the page, what it reads, its execution time, the rows its scans read,
its sequential scans (with the rows each read: fine on the small tables) and
the most rows one of its sorts took in. With --plans it prints each plan too. Run on demand, never in the tests.
"""

import argparse
import os
import re
import secrets
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/newsportal_load")
    parser.add_argument("--plans", action="store_true")
    args = parser.parse_args()
    os.environ.update(
        DEBUG="0", SECRET_KEY=secrets.token_urlsafe(50), ALLOWED_HOSTS="localhost", SECURE_SSL_REDIRECT="0",
        SECURE_HSTS_SECONDS="0", DATABASE_URL=args.database_url, REDIS_URL="redis://127.0.0.1:6379/3",
        PAGE_CACHE_SECONDS="0", DJANGO_SETTINGS_MODULE="newsportal.settings",
        STATIC_ROOT=tempfile.mkdtemp(prefix="newsportal-explain-"),
    )  # fmt: skip
    sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
    import django

    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from load import sample_pages

    call_command("collectstatic", interactive=False, verbosity=0)
    pages = sample_pages()
    pages["home, page 2"] = "/en/?page=2"
    pages["category, page 50"] = pages["category"] + "?page=50"
    client = Client(HTTP_HOST="localhost", headers={"Accept-Language": "en"})
    print("| page | query | time | rows read | sequential scans (rows) | rows sorted |\n|---|---|---|---|---|---|")
    for name, path in pages.items():
        client.get(path)
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200, path
        for query in captured.captured_queries:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
                plan = "\n".join(row[0] for row in cursor.fetchall())
            took = float(re.search(r"Execution Time: ([\d.]+) ms", plan).group(1))
            read = [int(n) for n in re.findall(r"Scan[^\n]*actual time=[\d.]+\.\.[\d.]+ rows=(\d+)", plan)]
            scans = [f"{t} ({int(n):,})" for t, n in re.findall(r"Seq Scan on (\w+)[^\n]*? rows=(\d+) loops", plan)]
            sorted_rows = [int(n) for n in re.findall(r"Sort [^\n]*actual time=[\d.]+\.\.[\d.]+ rows=(\d+)", plan)]
            print(
                f"| {name} | {describe(sql)} | {took:.2f} ms | {sum(read):,} | {', '.join(scans)} | "
                f"{max(sorted_rows, default=0):,} |"
            )
            if args.plans:
                print(f"\n```\n{sql}\n\n{plan}\n```\n")
    cache.clear()


def describe(sql: str) -> str:
    """A short name for a query: the tables it reads and the shape of its filter."""
    tables = re.findall(r'(?:FROM|JOIN) "(\w+)"', sql)
    order = re.search(r"ORDER BY (.+?)(?: LIMIT| OFFSET|\)|$)", sql)
    limit = re.search(r"LIMIT (\d+)", sql)
    words = [" + ".join(dict.fromkeys(t.split("_", 1)[1] for t in tables))]
    if "COUNT(" in sql:
        words.append("count")
    if "ROW_NUMBER" in sql:
        words.append("newest per section")
    if "search_vector" in sql:
        words.append("full-text")
    if order:
        words.append("by " + re.sub(r'"\w+"\.', "", order.group(1)).replace('"', "")[:40])
    if limit:
        words.append(f"limit {limit.group(1)}")
    return ", ".join(words)


if __name__ == "__main__":
    main()
