import django.contrib.postgres.search
from django.db import migrations

# The edition's text-search configuration (as articles/search.py): Uzbek has no stemmer.
TRIGGER = """
CREATE OR REPLACE FUNCTION articles_article_search_vector() RETURNS trigger AS $$
DECLARE config regconfig := CASE NEW.language WHEN 'en' THEN 'english'::regconfig
                                              WHEN 'ru' THEN 'russian'::regconfig
                                              ELSE 'simple'::regconfig END;
BEGIN
    NEW.search_vector :=
        setweight(to_tsvector(config, coalesce(NEW.title, '')), 'A') ||
        setweight(to_tsvector(config, coalesce(NEW.lead, '')), 'B') ||
        setweight(to_tsvector(config, coalesce(NEW.body, '')), 'C');
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER articles_article_search_vector
    BEFORE INSERT OR UPDATE OF title, lead, body, language ON articles_article
    FOR EACH ROW EXECUTE FUNCTION articles_article_search_vector();

UPDATE articles_article SET title = title;
CREATE INDEX articles_article_search_gin ON articles_article USING gin (search_vector);
"""

REVERSE = """
DROP INDEX IF EXISTS articles_article_search_gin;
DROP TRIGGER IF EXISTS articles_article_search_vector ON articles_article;
DROP FUNCTION IF EXISTS articles_article_search_vector();
"""


def on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0005_article_lock_version"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        # Kept by the database, so every way of writing an article (the admin, imports,
        # bulk inserts, restores) leaves it right; searched through a GIN index.
        migrations.RunPython(on_postgresql(TRIGGER), on_postgresql(REVERSE)),
    ]
