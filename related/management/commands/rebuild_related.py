import sys

from django.core.management.base import BaseCommand, no_translations
from tqdm import tqdm

from articles.editions import editions_of
from articles.models import Article, Language
from caching import invalidate
from related.rebuild import related_rebuild


class Command(BaseCommand):
    help = "Rebuild the similar-news index and every stored list (after a bulk import)."

    @no_translations
    def handle(self, *args, **options):
        total = Article.objects.filter(status=Article.Status.PUBLISHED).count()
        with tqdm(total=total, unit="article", disable=not sys.stderr.isatty(), file=sys.stderr) as bar:
            written = related_rebuild(progress=bar.update)
        invalidate(*editions_of(*Language.values))  # cached pages and similar-news blocks show the old lists
        self.stdout.write(self.style.SUCCESS(f"Similar news rebuilt: {written} lists."))
