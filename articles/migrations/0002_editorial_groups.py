"""Creates the "Author" and "Editor" groups with their permissions.

Permissions are normally created after all migrations run, so on a fresh
database they are created here first.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUPS = {
    "Author": [
        "articles.add_article", "articles.change_article", "articles.view_article",
        "articles.view_category", "articles.add_tag", "articles.view_tag",
    ],
    "Editor": [
        "articles.add_article", "articles.change_article", "articles.delete_article",
        "articles.view_article", "articles.publish_article",
        "articles.add_category", "articles.change_category", "articles.delete_category",
        "articles.view_category",
        "articles.add_tag", "articles.change_tag", "articles.delete_tag", "articles.view_tag",
    ],
}  # fmt: skip


def create_groups(apps, schema_editor):
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
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
