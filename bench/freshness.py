"""How soon an editor's save shows on both Uzbek editions' cached pages (run on demand).

    .venv/bin/python bench/freshness.py [--database-url postgres://postgres@127.0.0.1:5432/newsportal_fresh]
                                        [--saves 20] [--nginx]

Loads the demo content into its own database (emptied first), starts gunicorn (gunicorn.conf.py, DEBUG
off, Redis db 4, the page cache on for 60 s) and, with --nginx, Debian's nginx with deploy/nginx.conf
in front (its micro-cache included). Then, --saves times: asks for an Uzbek article and the home page
in both scripts (/uz/ and /uz-cyrl/) until every worker has them cached, saves a new Latin headline
through the editors' service (`article_save`, as the admin does), and asks for the four pages every
10 ms until each shows the new headline (in Latin or in Cyrillic). Prints, per page, the median and
the longest time from the save's commit to the first response that shows it.
"""

import argparse
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from load import GUNICORN_PORT, NGINX_PORT, get, gunicorn, nginx  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/newsportal_fresh")
    parser.add_argument("--saves", type=int, default=20)
    parser.add_argument("--nginx", action="store_true")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="newsportal-fresh-"))
    (work / "static").mkdir()
    env = {
        **os.environ,
        "DEBUG": "0", "SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0", "SECURE_HSTS_SECONDS": "0", "DATABASE_URL": args.database_url,
        "REDIS_URL": "redis://127.0.0.1:6379/4", "CONN_MAX_AGE": "60", "MEDIA_ROOT": str(work / "media"),
        "STATIC_ROOT": str(work / "static"), "BIND": f"127.0.0.1:{GUNICORN_PORT}", "WEB_ACCESS_LOG": "/dev/null",
        "PAGE_CACHE_SECONDS": "60",
    }  # fmt: skip
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsportal.settings")
    manage = [sys.executable, str(ROOT / "manage.py")]
    database = args.database_url.rsplit("/", 1)
    createdb = [shutil.which("createdb") or "createdb", "-U", "postgres", "-h", "127.0.0.1", database[1]]
    subprocess.run(createdb, check=False, capture_output=True)  # there already after the first run
    subprocess.run([*manage, "flush", "--no-input"], check=False, env=env, stdout=subprocess.DEVNULL)
    subprocess.run([*manage, "release", "-v", "0"], check=True, env=env)
    subprocess.run([*manage, "load_demo"], check=True, env=env, stdout=subprocess.DEVNULL)
    redis_cli = shutil.which("redis-cli") or "redis-cli"
    subprocess.run([redis_cli, "-n", "4", "flushdb"], check=True, stdout=subprocess.DEVNULL)
    import django

    django.setup()
    from django.contrib.auth import get_user_model

    from articles import services
    from articles.cyrillic import to_cyrillic
    from articles.models import Article

    editor = get_user_model().objects.filter(is_superuser=True).first() or get_user_model().objects.create_superuser(
        "freshness", password=secrets.token_urlsafe(12)
    )
    article = Article.objects.published().filter(language="uz").order_by("-published_at").first()
    port = NGINX_PORT if args.nginx else GUNICORN_PORT
    waits: dict[str, list[float]] = {}
    with gunicorn(env), nginx(work, args.nginx):
        for save in range(args.saves):
            article.refresh_from_db()
            pages = {
                "/uz/ article": (f"/uz/news/{article.pk}-{article.slug}/", "Latin"),
                "/uz-cyrl/ article": (f"/uz-cyrl/news/{article.pk}-{article.slug}/", "Cyrillic"),
                "/uz/ home": ("/uz/", "Latin"),
                "/uz-cyrl/ home": ("/uz-cyrl/", "Cyrillic"),
            }
            for path, _ in pages.values():
                for _ in range(8):  # every worker has the page cached, and nginx too
                    get(port, path)
            title = f"Toshkentda yangi yo‘l ochildi: {save + 1}-xabar"
            shown = {"Latin": title, "Cyrillic": to_cyrillic(title)}
            article.title = title
            services.article_save(article=article, user=editor)
            saved = time.perf_counter()
            waiting = dict(pages)
            while waiting:
                for name, (path, script) in list(waiting.items()):
                    if shown[script].encode() in get(port, path):
                        waits.setdefault(name, []).append((time.perf_counter() - saved) * 1000)
                        del waiting[name]
                if time.perf_counter() - saved > 30:
                    raise SystemExit(f"not fresh after 30 s: {', '.join(waiting)}")
                time.sleep(0.01)
    print(f"{args.saves} saves, {'nginx in front of ' if args.nginx else ''}gunicorn\n")
    print("| page | median ms | longest ms |\n|---|---|---|")
    for name, times in waits.items():
        print(f"| {name} | {statistics.median(times):.0f} | {max(times):.0f} |")


if __name__ == "__main__":
    main()
