from django.core.management.base import BaseCommand

from articles import vocabulary


class Command(BaseCommand):
    help = (
        "Count the words of every edition's published titles and leads afresh, for search's "
        '"Did you mean …?" (forgets the words of articles no longer public). Hourly in production.'
    )

    def handle(self, *args, **options):
        known = vocabulary.rebuild()
        self.stdout.write(f"{known} words known across the editions.")
