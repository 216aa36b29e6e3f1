import json

from django.core.management.base import BaseCommand

from articles.models import Article
from related.models import RelatedItem

CHUNK = 2000


class Command(BaseCommand):
    help = 'Print one JSON line per published article: {"id": external id or pk, "similar": [ids in order]}.'

    def handle(self, *args, **options):
        names = {
            pk: external or pk
            for pk, external in Article.objects.published().values_list("pk", "external_id").iterator(CHUNK)
        }
        lists: dict[int, list] = {}
        rows = RelatedItem.objects.filter(related__in=Article.objects.published()).order_by("article_id", "rank")
        for article_id, related_id in rows.values_list("article_id", "related_id").iterator(CHUNK):
            lists.setdefault(article_id, []).append(related_id)
        for pk, name in sorted(names.items()):
            similar = [names[other] for other in lists.get(pk, []) if other in names][: self.size()]
            self.stdout.write(json.dumps({"id": name, "similar": similar}, ensure_ascii=False))

    def size(self) -> int:
        from django.conf import settings

        return settings.RELATED_COUNT
