import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Create the first superuser when there is none. The password comes from "
        "ADMIN_PASSWORD or is generated and printed once."
    )

    def handle(self, *args, **options):
        User = get_user_model()
        if User.objects.filter(is_superuser=True).exists():
            return
        username = os.environ.get("ADMIN_USERNAME", "admin")
        password = os.environ.get("ADMIN_PASSWORD") or secrets.token_urlsafe(12)
        User.objects.create_superuser(username=username, email="", password=password)
        shown = password if not os.environ.get("ADMIN_PASSWORD") else "(from ADMIN_PASSWORD)"
        self.stdout.write(
            self.style.WARNING(
                f"Admin user created: {username} / {shown}\n"
                "This password is shown only once; change it with "
                f"`python manage.py changepassword {username}`."
            )
        )
