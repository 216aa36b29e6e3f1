import json
import sys

from django.core.management.base import BaseCommand, CommandError, no_translations
from django.db import DatabaseError, IntegrityError
from tqdm import tqdm

from articles.services import ImportLineError, article_import_line, articles_after_import


class Command(BaseCommand):
    help = "Import articles from a JSON Lines file (one article a line); re-running updates by id."

    def add_arguments(self, parser):
        parser.add_argument("file", help="path to a .jsonl file, or - for standard input")

    @no_translations  # reports are read in logs and terminals: plain English
    def handle(self, *args, file, **options):
        lines = self._read(file)
        counts = {"created": 0, "updated": 0, "failed": 0}
        imported = []
        progress = tqdm(total=len(lines), unit="line", disable=not sys.stderr.isatty(), file=sys.stderr)
        for number, line in enumerate(lines, start=1):
            progress.update()
            if not line.strip():
                continue
            try:
                article, created = article_import_line(data=json.loads(line), announce=False)
            except json.JSONDecodeError as error:
                self._fail(counts, number, f"invalid JSON: {error.msg} (column {error.colno})")
            except ImportLineError as error:
                self._fail(counts, number, str(error))
            except IntegrityError:
                # Names and slugs are made free before saving; what is left is a race with another
                # writer. The line's own transaction rolled back: the database is as before it.
                self._fail(counts, number, "could not be stored: it conflicts with a record saved meanwhile; run again")
            except (ValueError, OverflowError, DatabaseError):
                # A value the database cannot store; the line's own transaction rolled back.
                self._fail(counts, number, "could not be stored: a value is out of the database's range")
            else:
                counts["created" if created else "updated"] += 1
                imported.append(article.pk)
        progress.close()
        if imported:
            articles_after_import(imported)
        summary = "{created} created, {updated} updated, {failed} failed.".format(**counts)
        if counts["failed"]:
            self.stdout.write(self.style.WARNING(summary))
            sys.exit(1)  # a script or timer that runs the import sees that lines were left out
        self.stdout.write(self.style.SUCCESS(summary))

    def _read(self, file: str) -> list[str]:
        if file == "-":
            return sys.stdin.read().splitlines()
        try:
            with open(file, encoding="utf-8") as stream:
                return stream.read().splitlines()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}")
        except UnicodeDecodeError as error:
            raise CommandError(f"{file} is not UTF-8 text: {error}")

    def _fail(self, counts, number, reason):
        counts["failed"] += 1
        self.stderr.write(f"line {number}: {reason}")
