import time

from django.core.management.base import BaseCommand, CommandError

from articles import pages
from articles.editions import editions_of
from articles.models import Article, ArticlePage


class Command(BaseCommand):
    help = (
        "Render and keep the pages of published articles that have none kept, or only an outdated one "
        "(after an upgrade that changed templates or catalogues, an import, a rebuild of similar news), "
        "so that their first readers do not wait. Readers get the same pages without it, a little slower "
        "the first time. --shard 1/2 and --shard 2/2 in two processes share the work."
    )

    def add_arguments(self, parser):
        parser.add_argument("--shard", default="1/1", help="K/N: this process's share of the articles")

    def handle(self, *args, shard, **options):
        try:
            part, parts = (int(n) for n in shard.split("/"))
        except ValueError:
            raise CommandError("--shard takes K/N, e.g. 1/2") from None
        if not 1 <= part <= parts:
            raise CommandError("--shard K/N needs 1 <= K <= N")
        kept_now = set(
            ArticlePage.objects.filter(version=pages.version()).values_list("article_id", "edition").iterator()
        )
        published = Article.objects.published().order_by("pk").values_list("pk", "language")
        started, kept, skipped = time.monotonic(), 0, 0
        for pk, language in published.iterator(chunk_size=2000):
            if pk % parts != part - 1:
                continue
            for edition in editions_of(language):  # an Uzbek article has a page in each script
                if (pk, edition) in kept_now:
                    continue
                if pages.keep(pk, edition) is None:
                    skipped += 1
                else:
                    kept += 1
                if (kept + skipped) % 5000 == 0:
                    self.stdout.write(f"{kept} pages kept ({time.monotonic() - started:.0f} s)")
        self.stdout.write(f"{kept} pages kept, {skipped} not (unpublished meanwhile, or no shared cache).")
