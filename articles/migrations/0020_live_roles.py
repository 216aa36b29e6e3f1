"""Editors add, change and delete live entries and see the Telegram deliveries; authors see entries."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUPS = {
    "Author": ["articles.view_liveentry"],
    "Editor": [
        "articles.add_liveentry", "articles.change_liveentry", "articles.delete_liveentry",
        "articles.view_liveentry", "telegram.view_delivery",
    ],
}  # fmt: skip


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codes in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        for code in codes:
            app_label, codename = code.split(".")
            group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0019_live_and_telegram"),
        ("telegram", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
