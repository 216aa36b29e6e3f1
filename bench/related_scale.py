"""Similar-news speed at scale, on a synthetic archive the benchmark generates.

    .venv/bin/python bench/related_scale.py [--articles 100000] [--database-url postgres://...]

Creates a fresh database (SQLite in a temporary folder unless
--database-url is given; that database is emptied first), fills one edition
with synthetic articles (stories drawn from a Zipf vocabulary, 20
sections), then measures:

  rebuild     `manage.py rebuild_related` in a child process: wall time and peak memory (max RSS)
  publish     related_refresh() after publishing one new article, 50 times: median and p95
  read        the article page's similar-news query (related.selectors.similar_for), 200 articles
"""

import argparse
import os
import random
import resource
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VOCABULARY = 30_000
STORIES = 12_000


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--database-url")
    parser.add_argument("--workdir", help="keep the SQLite archive here and reuse it on the next run")
    parser.add_argument("--skip-rebuild", action="store_true", help="measure publish and read only")
    args = parser.parse_args()
    workdir = Path(args.workdir) if args.workdir else Path(tempfile.mkdtemp(prefix="related-scale-"))
    workdir.mkdir(parents=True, exist_ok=True)
    reuse = bool(args.workdir) and not args.database_url and (workdir / "scale.sqlite3").exists()
    # Production settings: with DEBUG on, Django would also log every statement.
    os.environ.update(
        DEBUG="0", SECRET_KEY=secrets.token_urlsafe(), ALLOWED_HOSTS="localhost", MEDIA_ROOT=str(workdir / "media"),
        DATABASE_URL=args.database_url or f"sqlite:///{workdir / 'scale.sqlite3'}",
    )  # fmt: skip
    manage = [sys.executable, str(ROOT / "manage.py")]
    if args.database_url:
        subprocess.run([*manage, "flush", "--no-input"], check=False, stdout=subprocess.DEVNULL)
    subprocess.run([*manage, "migrate", "-v", "0"], check=True)
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsportal.settings")
    import django

    django.setup()

    if not reuse:
        started = time.perf_counter()
        generate(args.articles)
        print(f"generated {args.articles} articles in {time.perf_counter() - started:.0f} s")
    rebuild = peak_mib = float("nan")
    if not args.skip_rebuild:
        started = time.perf_counter()
        subprocess.run([*manage, "rebuild_related"], check=True)
        rebuild = time.perf_counter() - started
        peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024

    from articles.models import Article

    archive = Article.objects.count()  # before the 50 publishes
    filled, full = filled_share()
    publish = measure_publish(50)
    read, read_queries = measure_read(200)
    print(f"\n{archive} articles in one edition, {os.environ['DATABASE_URL'].split(':')[0]}\n")
    print("| measure | value |")
    print("|---|---|")
    print(f"| full rebuild (rebuild_related) | {rebuild:.0f} s |")
    print(f"| peak memory of the rebuild (max RSS) | {peak_mib:.0f} MiB |")
    print(f"| update after publishing one article, median of 50 | {statistics.median(publish):.1f} ms |")
    print(f"| same, p95 | {percentile(publish, 95):.1f} ms |")
    print(f"| similar-news read query, median of 200 | {statistics.median(read):.2f} ms |")
    print(f"| same, p95 | {percentile(read, 95):.2f} ms |")
    print(f"| queries of one read, most of 200 | {read_queries} |")
    print(f"| lists with a filled item / full lists (after the rebuild) | {filled:.1%} / {full:.1%} |")


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share / 100 * (len(ordered) - 1)))]


class Writer:
    """Synthetic news: each article tells one of many stories in words of a Zipf vocabulary."""

    def __init__(self, seed=2026):
        self.random = random.Random(seed)
        syllables = ["ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "da", "be", "zo", "fu", "gi", "ha", "pe"]
        words = set()
        while len(words) < VOCABULARY:
            words.add("".join(self.random.choices(syllables, k=self.random.randint(2, 4))))
        self.words = sorted(words)
        weights = [1 / (rank + 1) for rank in range(VOCABULARY)]
        self.cumulative = []
        total = 0.0
        for weight in weights:
            total += weight
            self.cumulative.append(total)
        self.stories = [self.random.sample(self.words[200:], 10) for _ in range(STORIES)]

    def background(self, count):
        return self.random.choices(self.words, cum_weights=self.cumulative, k=count)

    def article(self):
        story = self.random.randrange(STORIES)
        topic = self.stories[story]
        title = " ".join(self.random.sample(topic, 3) + self.background(4))
        lead = " ".join(self.random.sample(topic, 4) + self.background(12))
        body = self.background(90) + [self.random.choice(topic) for _ in range(15)]
        self.random.shuffle(body)
        return story % 20, title, lead, " ".join(body)


def generate(count):
    from articles.models import Article, Category

    categories = [
        Category.objects.create(name_en=f"Section {i}", name_ru=f"Раздел {i}", name_uz=f"Bo‘lim {i}", slug=f"s{i}")
        for i in range(20)
    ]
    writer = Writer()
    start = datetime(2026, 11, 1, tzinfo=UTC)
    batch = []
    for number in range(count):
        section, title, lead, body = writer.article()
        batch.append(
            Article(
                title=title[:255],
                slug=f"a{number}",
                lead=lead,
                body=f"<p>{body}</p>",
                excerpt=lead[:200],
                category=categories[section],
                language="en",
                status=Article.Status.PUBLISHED,
                published_at=start - timedelta(minutes=7 * number),
                search_title=title,
                search_text=f"{lead}\n{body}",
                external_id=f"synthetic-{number}",
            )  # fmt: skip
        )
        if len(batch) == 2000:
            Article.objects.bulk_create(batch)
            batch = []
    Article.objects.bulk_create(batch)


def measure_publish(times):
    from articles.models import Article, Category
    from related.services import related_refresh

    writer = Writer(seed=7)
    category = Category.objects.first()
    durations = []
    for number in range(times):
        _section, title, lead, body = writer.article()
        article = Article(
            title=title, lead=lead, body=f"<p>{body}</p>", category=category, language="en",
            status=Article.Status.PUBLISHED, published_at=datetime.now(UTC) - timedelta(minutes=number),
        )  # fmt: skip
        article.save()
        started = time.perf_counter()
        related_refresh(article)
        durations.append((time.perf_counter() - started) * 1000)
    return durations


def measure_read(times):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from articles.models import Article
    from related.selectors import similar_for

    ids = list(Article.objects.values_list("pk", flat=True))
    sample = random.Random(3).sample(ids, times)
    durations, queries = [], 0
    for pk in sample:
        article = Article.objects.only("pk", "language", "category_id", "suggest_similar").get(pk=pk)
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            similar_for(article)
            durations.append((time.perf_counter() - started) * 1000)
        queries = max(queries, len(captured))
    return durations, queries


def filled_share() -> tuple[float, float]:
    """(the share of lists with a filled item among the first k, the share of full lists)."""
    from django.conf import settings
    from django.db.models import Count, Q

    from related.models import RelatedItem

    k = settings.RELATED_COUNT
    lists = RelatedItem.objects.values("article_id").annotate(
        filled=Count("pk", filter=Q(filled=True, rank__lt=k)), shown=Count("pk", filter=Q(rank__lt=k))
    )
    total = filled = full = 0
    for row in lists:
        total += 1
        filled += row["filled"] > 0
        full += row["shown"] == k
    return filled / max(total, 1), full / max(total, 1)


if __name__ == "__main__":
    main()
