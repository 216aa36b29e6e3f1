from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from backups.archive import backup


class Command(BaseCommand):
    help = "Write a consistent backup of the database and the media files to a new dated folder."

    def add_arguments(self, parser):
        parser.add_argument("--to", default=str(Path(settings.BASE_DIR) / "var" / "backups"), help="parent folder")

    def handle(self, *args, to, **options):
        folder = backup(Path(to))
        self.stdout.write(self.style.SUCCESS(f"Backup written to {folder}"))
