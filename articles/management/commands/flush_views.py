from django.core.management.base import BaseCommand

from articles.services import flush_views


class Command(BaseCommand):
    help = "Write the reader views counted in Redis to the database (run every minute when REDIS_URL is set)."

    def handle(self, *args, **options):
        written = flush_views()
        self.stdout.write(f"{written} views written.")
