"""The newsroom dashboard's speed on a year of a big newsroom, generated here.

    .venv/bin/python bench/dashboard.py [--articles 100000] [--database-url postgres://...]

Creates a fresh database (SQLite in a temporary folder unless --database-url is given; that database
is emptied first) and fills it with a year of three editions: ``--articles`` published articles spread
evenly over the last 365 days in 20 sections, each read on every day of its first 30 (a daily-views
row each, about 3 million in all), views per edition and hour for the whole year, plus articles in
review, old drafts and a day of scheduled ones. Then, with production settings, it measures:

  dashboard   GET /admin/ as a superuser (every edition), 50 times: median, p95 and queries
  article     GET of an article's admin page with its views-per-day chart, 50 articles: median
"""

import argparse
import io
import os
import random
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DAYS_READ = 30
SECTIONS = 20


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--database-url")
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="dashboard-bench-"))
    os.environ.update(
        DEBUG="0", SECRET_KEY=secrets.token_urlsafe(), ALLOWED_HOSTS="testserver,localhost",
        SECURE_SSL_REDIRECT="0", MEDIA_ROOT=str(workdir / "media"), STATIC_ROOT=str(workdir / "static"),
        DATABASE_URL=args.database_url or f"sqlite:///{workdir / 'dashboard.sqlite3'}",
    )  # fmt: skip
    manage = [sys.executable, str(ROOT / "manage.py")]
    if args.database_url:
        subprocess.run([*manage, "flush", "--no-input"], check=False, stdout=subprocess.DEVNULL)
    subprocess.run([*manage, "migrate", "-v", "0"], check=True)
    subprocess.run([*manage, "collectstatic", "--no-input", "-v", "0"], check=True)  # pages name hashed files
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsportal.settings")
    import django

    django.setup()
    from django.db import connection

    started = time.perf_counter()
    daily_rows = generate(args.articles)
    took = time.perf_counter() - started
    print(f"generated {args.articles} articles and {daily_rows} daily-views rows in {took:.0f} s")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    dashboard, queries = measure_dashboard(args.runs)
    article = measure_article_pages(args.runs)
    print(f"\n{args.articles} articles, a year of views, {connection.vendor}\n")
    print("| measure | value |")
    print("|---|---|")
    print(f"| dashboard (GET /admin/), median of {args.runs} | {statistics.median(dashboard):.1f} ms |")
    print(f"| same, p95 | {percentile(dashboard, 95):.1f} ms |")
    print(f"| queries of the dashboard | {queries} |")
    print(f"| article admin page with its chart, median of {args.runs} | {statistics.median(article):.1f} ms |")


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share / 100 * (len(ordered) - 1)))]


def generate(count: int) -> int:
    """A year of a newsroom; returns the number of daily-views rows."""
    from django.db import connection
    from django.utils import timezone

    from articles.models import Article, Category, HourlyViews

    rng = random.Random(2026)
    sections = [
        Category.objects.create(name_en=f"Section {i}", name_ru=f"Раздел {i}", name_uz=f"Bo‘lim {i}", slug=f"s{i}")
        for i in range(SECTIONS)
    ]
    now = timezone.now()
    year = timedelta(days=365)
    languages = ["uz", "ru", "en"]
    batch = []

    def article(number, status, published_at, updated_at=None):
        return Article(
            title=f"Synthetic headline number {number}", slug=f"a{number}", lead="A synthetic lead.",
            body="<p>Synthetic body.</p>", category=sections[number % SECTIONS], language=languages[number % 3],
            status=status, published_at=published_at, external_id=f"synthetic-{number}",
        )  # fmt: skip

    for number in range(count):
        batch.append(article(number, Article.Status.PUBLISHED, now - year * (number / count)))
        if len(batch) == 5000:
            Article.objects.bulk_create(batch)
            batch = []
    extra = count
    for hours in range(40):  # a day of scheduled articles
        batch.append(article(extra, Article.Status.PUBLISHED, now + timedelta(minutes=36 * hours + 5)))
        extra += 1
    for _ in range(300):
        batch.append(article(extra, Article.Status.REVIEW, now))
        extra += 1
    for _ in range(2000):
        batch.append(article(extra, Article.Status.DRAFT, now))
        extra += 1
    Article.objects.bulk_create(batch)
    drafts = list(Article.objects.filter(status=Article.Status.DRAFT).values_list("pk", flat=True))
    Article.objects.filter(pk__in=drafts[::2]).update(updated_at=now - timedelta(days=30))  # half forgotten

    today = timezone.localdate(now)
    published = Article.objects.filter(status=Article.Status.PUBLISHED, published_at__lte=now)
    rows = []
    for pk, published_at in published.values_list("pk", "published_at").iterator(chunk_size=5000):
        first = timezone.localdate(published_at)
        base = rng.randint(50, 5000)
        for offset in range(DAYS_READ):
            day = first + timedelta(days=offset)
            if day > today:
                break
            rows.append((pk, day, max(base // (offset + 1), 1)))
    write_daily(connection, rows)

    hour = timezone.localtime(now).replace(minute=0, second=0, microsecond=0)
    hourly = [
        HourlyViews(hour=hour - timedelta(hours=back), language=language, views=rng.randint(500, 20_000))
        for back in range(365 * 24)
        for language in languages
    ]
    HourlyViews.objects.bulk_create(hourly, batch_size=5000)
    return len(rows)


def write_daily(connection, rows):
    from django.db import transaction

    from articles.models import DailyViews

    table = DailyViews._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:  # one commit, not one per row
        if connection.vendor == "postgresql":
            data = io.StringIO("".join(f"{pk}\t{day.isoformat()}\t{views}\n" for pk, day, views in rows))
            cursor.cursor.copy_expert(f"COPY {table} (article_id, day, views) FROM STDIN", data)
        else:
            for start in range(0, len(rows), 100_000):
                cursor.executemany(
                    f"INSERT INTO {table} (article_id, day, views) VALUES (%s, %s, %s)",  # noqa: S608 - our table
                    [(pk, day.isoformat(), views) for pk, day, views in rows[start : start + 100_000]],
                )


def signed_in_client():
    from django.contrib.auth.models import User
    from django.test import Client

    user = User.objects.filter(username="bench").first()
    user = user or User.objects.create_superuser("bench", "bench@example.org", secrets.token_urlsafe())
    client = Client()
    client.force_login(user)
    return client


def measure_dashboard(runs):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = signed_in_client()
    assert b"board-figures" in client.get("/admin/").content  # warm: templates compiled, the board is there
    durations, queries = [], 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get("/admin/")
            durations.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
        queries = max(queries, len(captured))
    return durations, queries


def measure_article_pages(runs):
    from articles.models import Article

    client = signed_in_client()
    ids = list(Article.objects.filter(status=Article.Status.PUBLISHED).values_list("pk", flat=True))[::100]
    sample = random.Random(5).sample(ids, min(runs, len(ids)))
    client.get(f"/admin/articles/article/{sample[0]}/change/")
    durations = []
    for pk in sample:
        started = time.perf_counter()
        response = client.get(f"/admin/articles/article/{pk}/change/")
        durations.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200 and b"views-per-day-chart" in response.content
    return durations


if __name__ == "__main__":
    main()
