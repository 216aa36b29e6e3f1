# Desks: a group per edition ("Uzbek desk", "Russian desk", "English desk") that a superuser assigns;
# an Author or Editor works only on the editions of their desks (articles.desks). Everyone who
# already had a role keeps working on every edition, as before.

from django.db import migrations

DESKS = ["Uzbek desk", "Russian desk", "English desk"]
ROLES = ["Author", "Editor"]


def create_desks(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    User = apps.get_model("auth", "User")
    members = list(User.objects.filter(groups__name__in=ROLES).distinct())
    for name in DESKS:
        desk, _ = Group.objects.get_or_create(name=name)
        desk.user_set.add(*members)


def remove_desks(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=DESKS).delete()


class Migration(migrations.Migration):
    dependencies = [("articles", "0014_unpublished_status"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(create_desks, remove_desks)]
