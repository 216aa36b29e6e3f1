"""Unique per edition, once the shared tags are split (0010; a separate transaction on PostgreSQL)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("articles", "0010_tags_per_edition")]

    operations = [
        migrations.AddConstraint(
            model_name="tag",
            constraint=models.UniqueConstraint(fields=("language", "slug"), name="tag_edition_slug_unique"),
        ),
        migrations.AddConstraint(
            model_name="tag",
            constraint=models.UniqueConstraint(fields=("language", "name"), name="tag_edition_name_unique"),
        ),
    ]
