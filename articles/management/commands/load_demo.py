from django.core.management.base import BaseCommand

from articles.demo import load_demo


class Command(BaseCommand):
    help = "Load the demo stories (three editions, generated covers) once; later runs change nothing."

    def handle(self, *args, **options):
        created = load_demo()
        if created:
            self.stdout.write(self.style.SUCCESS(f"Demo content loaded: {created} articles."))
        else:
            self.stdout.write("Demo content was loaded before; nothing changed.")
