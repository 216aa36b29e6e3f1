# "Unpublished": an article taken off the site is told from a draft that never was on it.

from django.db import migrations, models

STATUSES = ["draft", "review", "published", "unpublished"]


class Migration(migrations.Migration):
    dependencies = [("articles", "0013_uzbek_cyrillic")]

    operations = [
        migrations.RemoveConstraint(model_name="article", name="article_status_valid"),
        migrations.AlterField(
            model_name="article",
            name="status",
            field=models.CharField(
                choices=[
                    ("draft", "Draft"),
                    ("review", "In review"),
                    ("published", "Published"),
                    ("unpublished", "Unpublished"),
                ],
                default="draft",
                max_length=12,
                verbose_name="status",
            ),
        ),
        migrations.AddConstraint(
            model_name="article",
            constraint=models.CheckConstraint(condition=models.Q(status__in=STATUSES), name="article_status_valid"),
        ),
    ]
