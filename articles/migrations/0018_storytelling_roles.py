"""The editorial groups' permissions for bylines, notes and the media library, and a byline for every
article written by an account with a name (a username is no public byline)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations
from django.utils.text import slugify

GROUPS = {
    "Author": [
        "articles.view_author", "articles.view_articlenote",
        "articles.add_articleauthor", "articles.change_articleauthor", "articles.delete_articleauthor",
        "articles.view_articleauthor",
        "articles.add_mediaimage", "articles.change_mediaimage", "articles.view_mediaimage",
        "articles.add_galleryimage", "articles.change_galleryimage", "articles.delete_galleryimage",
        "articles.view_galleryimage",
    ],
    "Editor": [
        "articles.add_author", "articles.change_author", "articles.view_author",
        "articles.add_articleauthor", "articles.change_articleauthor", "articles.delete_articleauthor",
        "articles.view_articleauthor",
        "articles.add_articlenote", "articles.change_articlenote", "articles.delete_articlenote",
        "articles.view_articlenote",
        "articles.add_mediaimage", "articles.change_mediaimage", "articles.delete_mediaimage",
        "articles.view_mediaimage",
        "articles.add_galleryimage", "articles.change_galleryimage", "articles.delete_galleryimage",
        "articles.view_galleryimage",
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


def bylines(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    Author = apps.get_model("articles", "Author")
    ArticleAuthor = apps.get_model("articles", "ArticleAuthor")
    User = apps.get_model("auth", "User")
    writers = User.objects.filter(pk__in=Article.objects.exclude(author=None).values("author")).exclude(
        first_name="", last_name=""
    )
    taken = set(Author.objects.values_list("slug", flat=True))
    for user in writers:
        name = f"{user.first_name} {user.last_name}".strip()
        slug = base = slugify(name) or f"author-{user.pk}"
        number = 1
        while slug in taken:
            number += 1
            slug = f"{base}-{number}"
        taken.add(slug)
        author = Author.objects.create(user=user, name_en=name, name_ru=name, name_uz=name, name_cyrl="", slug=slug)
        articles = Article.objects.filter(author=user)
        ids = list(articles.values_list("pk", flat=True))
        ArticleAuthor.objects.bulk_create(
            (ArticleAuthor(article_id=pk, author=author) for pk in ids), batch_size=2000, ignore_conflicts=True
        )
        # The Cyrillic copy of a Latin name is written on the author's next save; until then the Latin one shows.
        articles.update(bylines={"uz": name, "uz-cyrl": name, "ru": name, "en": name})


class Migration(migrations.Migration):
    dependencies = [("articles", "0017_storytelling"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop), migrations.RunPython(bylines, migrations.RunPython.noop)]
