"""Tags belong to one edition. A tag that articles of several editions used is split: the edition with
the most of its articles keeps it, each other edition gets a tag of the same name and slug, and its
articles move to that one. A tag no article uses stays in the site's default edition."""

from django.conf import settings
from django.db import migrations, models
from django.db.models import Count


def split_by_edition(apps, schema_editor):
    Tag = apps.get_model("articles", "Tag")
    Through = apps.get_model("articles", "Article").tags.through
    default = settings.LANGUAGE_CODE[:2]
    for tag in Tag.objects.all().iterator():
        editions = list(
            Through.objects.filter(tag_id=tag.pk)
            .values_list("article__language")
            .annotate(n=Count("pk"))
            .order_by("-n", "article__language")
        )
        tag.language = editions[0][0] if editions else default
        tag.save(update_fields=["language"])
        for language, _count in editions[1:]:
            copy = Tag.objects.create(language=language, name=tag.name, slug=tag.slug)
            Through.objects.filter(tag_id=tag.pk, article__language=language).update(tag_id=copy.pk)


class Migration(migrations.Migration):
    dependencies = [("articles", "0009_article_page")]

    operations = [
        migrations.AlterField(
            model_name="tag", name="name", field=models.CharField(max_length=80, verbose_name="name")
        ),
        migrations.AlterField(
            model_name="tag", name="slug", field=models.SlugField(blank=True, max_length=100, verbose_name="slug")
        ),
        migrations.AddField(
            model_name="tag",
            name="language",
            field=models.CharField(
                choices=[("uz", "Uzbek"), ("ru", "Russian"), ("en", "English")],
                default="uz",
                max_length=2,
                verbose_name="edition",
            ),
            preserve_default=False,
        ),
        migrations.RunPython(split_by_edition, migrations.RunPython.noop),
    ]
