from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from backups.archive import backup, prune


class Command(BaseCommand):
    help = "Write a consistent backup of the database and the media files to a new dated folder."

    def add_arguments(self, parser):
        parser.add_argument("--to", default=str(settings.BACKUP_ROOT), help="parent folder (BACKUP_ROOT)")
        parser.add_argument(
            "--keep",
            type=int,
            default=settings.BACKUP_KEEP,
            help="then delete all but this many newest backups there (BACKUP_KEEP; 0 keeps every one)",
        )

    def handle(self, *args, to, keep, **options):
        folder = backup(Path(to))
        self.stdout.write(self.style.SUCCESS(f"Backup written to {folder}"))
        for old in prune(Path(to), keep):
            self.stdout.write(f"Deleted the old backup {old}")
