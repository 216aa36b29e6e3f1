from django.core.management.base import BaseCommand, CommandError, no_translations

from weather.services import weather_refresh_all


class Command(BaseCommand):
    help = "Fetch current weather and the 5-day forecast for every active city (run every 15 minutes)."

    @no_translations
    def handle(self, *args, **options):
        results = weather_refresh_all()
        failed = [result for result in results if not result.ok]
        for result in failed:
            self.stderr.write(f"{result.city.slug}: {result.error}")
        summary = f"{len(results) - len(failed)} of {len(results)} cities updated."
        if results and len(failed) == len(results):
            raise CommandError(f"{summary} Every city failed; the last good data is kept.")
        self.stdout.write(summary)
