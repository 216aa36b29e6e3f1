import time

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from articles import pages
from articles.models import Article


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
        up_to_date = Q(kept_page__version=pages.version())
        missing = Article.objects.published().exclude(up_to_date).order_by("pk").values_list("pk", flat=True)
        started, kept, skipped = time.monotonic(), 0, 0
        for pk in missing.iterator(chunk_size=2000):
            if pk % parts != part - 1:
                continue
            if pages.keep(pk) is None:
                skipped += 1
            else:
                kept += 1
            if (kept + skipped) % 5000 == 0:
                self.stdout.write(f"{kept} pages kept ({time.monotonic() - started:.0f} s)")
        self.stdout.write(f"{kept} pages kept, {skipped} not (unpublished meanwhile, or no shared cache).")
