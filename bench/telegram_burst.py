"""A burst of publishing reaches Telegram whole: none lost, none twice, with the worker killed once.

    .venv/bin/python bench/telegram_burst.py [--articles 1000] [--rate 20] [--window 60] [--kill-after 300]
                                             [--database-url postgres://postgres@127.0.0.1:5432/newsportal_tg]

Publishes --articles stories (Uzbek, Russian and English in turn; an Uzbek story goes to the Latin and
the Cyrillic channel) through the editors' service, as fast as it can, while a Celery worker (with its
beat, as `make worker` runs it; Redis db 5 as broker) sends the outbox to a local fake Bot API
(tests/telegram/fake_bot.py) that answers 429 with retry_after beyond --rate messages per --window
seconds per channel. Once --kill-after messages have reached the fake, the worker is killed (SIGKILL:
no goodbye) and started again 5 s later. Prints the time from the first publish to the last message,
the messages per channel, the 429s, and every post lost, doubled or left unconfirmed.
"""

import argparse
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CHANNELS = {"uz": "@news_uz", "uz-cyrl": "@news_cyrl", "ru": "@news_ru", "en": "@news_en"}


def worker(env, schedule):
    command = [str(ROOT / ".venv/bin/celery"), "-A", "newsportal", "worker", "--beat", "--schedule", schedule]
    command += ["--concurrency", "2", "--loglevel", "INFO"]  # as make worker runs it
    log = open(Path(schedule).with_suffix(".log"), "a")  # noqa: SIM115 - kept open while the worker runs
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--rate", type=int, default=20)
    parser.add_argument("--window", type=float, default=60)
    parser.add_argument("--kill-after", type=int, default=300)
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/newsportal_tg")
    args = parser.parse_args()

    from tests.telegram.fake_bot import TOKEN, FakeBotAPI

    fake = FakeBotAPI(channels=CHANNELS.values(), rate=(args.rate, args.window)).__enter__()
    work = Path(tempfile.mkdtemp(prefix="newsportal-tg-"))
    env = {
        **os.environ, "DEBUG": "1", "SECRET_KEY": secrets.token_urlsafe(50), "DATABASE_URL": args.database_url,
        "REDIS_URL": "redis://127.0.0.1:6379/5", "CELERY_TASK_ALWAYS_EAGER": "0", "MEDIA_ROOT": str(work / "media"),
        "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_URL": fake.url, "SITE_URL": "https://news.example.org",
        "TELEGRAM_SWEEP_SECONDS": "1", "TELEGRAM_TIMEOUT": "5",
        **{f"TELEGRAM_CHANNEL_{e.upper().replace('-', '_')}": channel for e, channel in CHANNELS.items()},
    }  # fmt: skip
    os.environ.update(env)
    database = args.database_url.rsplit("/", 1)[1]
    server = ["-U", "postgres", "-h", "127.0.0.1", database]
    subprocess.run([shutil.which("dropdb") or "dropdb", "--if-exists", *server], check=True, capture_output=True)
    subprocess.run([shutil.which("createdb") or "createdb", *server], check=True, capture_output=True)
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v", "0"], check=True, env=env)
    subprocess.run([shutil.which("redis-cli") or "redis-cli", "-n", "5", "flushdb"], check=True, capture_output=True)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsportal.settings")
    import django

    django.setup()
    from django.contrib.auth.models import Group, User

    from articles.models import Article, Category
    from articles.services import article_save
    from telegram.models import Delivery

    editor = User.objects.create_user("bench-editor", is_staff=True)
    editor.groups.add(*Group.objects.filter(name__in=["Editor", "Uzbek desk", "Russian desk", "English desk"]))
    category = Category.objects.create(name_en="News", name_ru="Новости", name_uz="Yangiliklar", slug="news")

    schedule = str(work / "celerybeat-schedule")
    running = worker(env, schedule)
    languages = ["uz", "ru", "en"]
    started = time.monotonic()
    killed_at = restarted_at = None
    for number in range(args.articles):
        language = languages[number % 3]
        article = Article(
            title=f"Story {number} of the burst", lead="What happened, in a sentence.", language=language,
            category=category, status=Article.Status.PUBLISHED, body="<p>Text.</p>",
        )  # fmt: skip
        article_save(article=article, user=editor)
        if killed_at is None and len(fake.calls) >= args.kill_after:
            running.send_signal(signal.SIGKILL)
            running.wait()
            killed_at = time.monotonic() - started
    published = time.monotonic() - started
    expected = args.articles + (args.articles + 2) // 3  # an Uzbek story posts twice

    def sent() -> int:
        return sum(len(fake.posts(channel)) for channel in CHANNELS.values())

    while killed_at is None:  # the burst ended before the kill point: kill now
        if len(fake.calls) >= args.kill_after or sent() >= expected:
            running.send_signal(signal.SIGKILL)
            running.wait()
            killed_at = time.monotonic() - started
        time.sleep(0.05)
    time.sleep(5)
    running = worker(env, schedule)
    restarted_at = time.monotonic() - started
    last_change, last_count = time.monotonic(), -1
    while True:
        open_rows = Delivery.objects.filter(status__in=["pending", "sending"]).count()
        count = sent()
        if count != last_count:
            last_change, last_count = time.monotonic(), count
        if open_rows == 0 or time.monotonic() - last_change > max(180, 4 * args.window):
            break
        time.sleep(0.2)
    drained = max(time.monotonic() - started, 0)
    running.send_signal(signal.SIGTERM)
    running.wait(timeout=60)

    per_story = Counter()
    for channel in CHANNELS.values():
        for post in fake.posts(channel):
            match = re.search(r"/news/([0-9]+)-", post["text"])
            per_story[(channel, int(match.group(1)))] += 1
    wanted = set()
    for pk, language in Article.objects.values_list("pk", "language"):
        for edition in ("uz", "uz-cyrl") if language == "uz" else (language,):
            wanted.add((CHANNELS[edition], pk))
    doubled = sorted(key for key, count in per_story.items() if count > 1)
    lost = sorted(wanted - set(per_story))
    statuses = Counter(Delivery.objects.values_list("status", flat=True))
    too_many = sum(1 for method, _fields in fake.calls if method in ("sendMessage", "sendPhoto")) - sent()
    print(f"articles published: {args.articles} in {published:.1f} s; posts expected: {expected}")
    print(f"fake Bot API: at most {args.rate} messages per {args.window:g} s per channel (429 beyond)")
    print(f"worker killed at {killed_at:.1f} s (after {args.kill_after} requests), restarted at {restarted_at:.1f} s")
    print(f"drained in {drained:.1f} s: {sent()} messages, {too_many} requests answered 429 (or failed)")
    print("per channel:", {channel: len(fake.posts(channel)) for channel in CHANNELS.values()})
    print("deliveries:", dict(statuses))
    unconfirmed = [
        (channel, pk)
        for channel, pk in Delivery.objects.filter(status="unconfirmed").values_list("channel", "article_id")
    ]
    reached = [key for key in unconfirmed if key in per_story]
    print(f"unconfirmed (in flight when the worker was killed; an editor posts them again): {len(unconfirmed)},")
    print(f"  of which reached Telegram: {len(reached)}")
    print(f"lost: {len(lost)} {lost[:10]}; doubled: {len(doubled)} {doubled[:10]}")
    fake.__exit__(None, None, None)
    print(f"worker log: {Path(schedule).with_suffix('.log')}")
    sys.exit(1 if doubled or set(lost) - set(unconfirmed) else 0)


if __name__ == "__main__":
    main()
