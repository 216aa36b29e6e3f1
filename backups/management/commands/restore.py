from django.core.management.base import BaseCommand, CommandError

from backups.archive import BackupError, restore


class Command(BaseCommand):
    help = "Bring back a backup made by `manage.py backup` into an empty database and the media folder."

    def add_arguments(self, parser):
        parser.add_argument("folder", help="a backup folder (var/backups/<date>)")
        parser.add_argument("--force", action="store_true", help="restore even if the database holds articles")

    def handle(self, *args, folder, force, **options):
        try:
            manifest = restore(folder, force=force)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["rows"].values())
        self.stdout.write(
            self.style.SUCCESS(f"Restored {rows} rows and {manifest['media_files']} media files from {folder}")
        )
