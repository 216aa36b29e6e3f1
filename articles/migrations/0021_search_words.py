from django.db import migrations, models

# pg_trgm finds the words nearest a misspelt one by trigram distance through a GiST index (<->, nearest
# first), one index per edition: a search walks only its own edition's words (the two Uzbek scripts,
# Russian and the Cyrillic Uzbek, English and the Latin one would otherwise share one). SQLite reads
# the edition's words of about the same length instead (articles.vocabulary).
EDITIONS = ("uz", "uz-cyrl", "ru", "en")
TRIGRAMS = "CREATE EXTENSION IF NOT EXISTS pg_trgm;" + "".join(
    f"CREATE INDEX articles_searchword_trgm_{code.replace('-', '_')} ON articles_searchword"
    f" USING gist (word gist_trgm_ops) WHERE edition = '{code}';"
    for code in EDITIONS
)
REVERSE = "".join(f"DROP INDEX IF EXISTS articles_searchword_trgm_{code.replace('-', '_')};" for code in EDITIONS)


def on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


def build(apps, schema_editor):
    from articles.vocabulary import rebuild

    rebuild(apps.get_model("articles", "Article"), apps.get_model("articles", "SearchWord"))


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0020_live_roles"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchWord",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("edition", models.CharField(max_length=10)),
                ("word", models.CharField(max_length=40)),
                ("articles", models.PositiveIntegerField(default=1)),
            ],
            options={"verbose_name": "search word", "verbose_name_plural": "search words"},
        ),
        migrations.AddConstraint(
            model_name="searchword",
            constraint=models.UniqueConstraint(fields=("edition", "word"), name="search_word_unique"),
        ),
        migrations.RunPython(on_postgresql(TRIGRAMS), on_postgresql(REVERSE)),
        migrations.RunPython(build, migrations.RunPython.noop),
    ]
