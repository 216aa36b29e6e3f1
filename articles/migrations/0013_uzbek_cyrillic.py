# The Uzbek Cyrillic edition: Cyrillic copies of what readers read (filled here for what exists),
# the editors' dictionary, a kept page per edition (kept pages are derived data: dropped and
# rendered again), and the PostgreSQL search document with the Cyrillic copies.

import django.db.models.deletion
from django.db import migrations, models

from articles.cyrillic import html_to_cyrillic, to_cyrillic
from articles.sanitize import html_to_text
from django.utils.text import Truncator

TRIGGER = """
CREATE OR REPLACE FUNCTION articles_article_search_vector() RETURNS trigger AS $$
DECLARE config regconfig := CASE NEW.language WHEN 'en' THEN 'english'::regconfig
                                              WHEN 'ru' THEN 'russian'::regconfig
                                              ELSE 'simple'::regconfig END;
BEGIN
    NEW.search_vector :=
        setweight(to_tsvector(config, coalesce(NEW.title, '') || ' ' || coalesce(NEW.title_cyrl, '')), 'A') ||
        setweight(to_tsvector(config, coalesce(NEW.lead, '') || ' ' || coalesce(NEW.lead_cyrl, '')), 'B') ||
        setweight(to_tsvector(config, coalesce(NEW.body, '') || ' ' || coalesce(NEW.body_cyrl, '')), 'C');
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS articles_article_search_vector ON articles_article;
CREATE TRIGGER articles_article_search_vector
    BEFORE INSERT OR UPDATE OF title, lead, body, language, title_cyrl, lead_cyrl, body_cyrl ON articles_article
    FOR EACH ROW EXECUTE FUNCTION articles_article_search_vector();
"""

REVERSE = """
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

DROP TRIGGER IF EXISTS articles_article_search_vector ON articles_article;
CREATE TRIGGER articles_article_search_vector
    BEFORE INSERT OR UPDATE OF title, lead, body, language ON articles_article
    FOR EACH ROW EXECUTE FUNCTION articles_article_search_vector();
"""


def on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


def fill_copies(apps, schema_editor):
    """The Cyrillic copies of the Uzbek articles, sections and tags there are (the rules and the
    built-in dictionary: editors have no entries yet)."""
    Article = apps.get_model("articles", "Article")
    uzbek = Article.objects.filter(language="uz").only("title", "lead", "body", "cover_alt", "cover_caption", "search_title", "search_text")
    for article in uzbek.iterator(chunk_size=500):
        article.title_cyrl = to_cyrillic(article.title)
        article.lead_cyrl = to_cyrillic(article.lead)
        article.body_cyrl = html_to_cyrillic(article.body)
        article.cover_alt_cyrl = to_cyrillic(article.cover_alt)
        article.cover_caption_cyrl = to_cyrillic(article.cover_caption)
        text = article.lead_cyrl.strip() or html_to_text(article.body_cyrl)
        article.excerpt_cyrl = Truncator(text).chars(220)
        article.search_title = f"{article.title}\n{article.title_cyrl}".casefold()[:520]
        article.search_text = f"{article.search_text}\n{article.lead_cyrl}\n{html_to_text(article.body_cyrl)}".casefold()
        article.save(update_fields=[
            "title_cyrl", "lead_cyrl", "body_cyrl", "cover_alt_cyrl", "cover_caption_cyrl", "excerpt_cyrl",
            "search_title", "search_text",
        ])
    Category = apps.get_model("articles", "Category")
    for category in Category.objects.exclude(name_uz=""):
        category.name_cyrl = to_cyrillic(category.name_uz)
        category.save(update_fields=["name_cyrl"])
    Tag = apps.get_model("articles", "Tag")
    for tag in Tag.objects.filter(language="uz"):
        tag.name_cyrl = to_cyrillic(tag.name)
        tag.save(update_fields=["name_cyrl"])



class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0012_sections_per_edition'),
    ]

    operations = [
        migrations.CreateModel(
            name='CyrillicException',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('latin', models.CharField(help_text='The word as editors write it in Latin; its forms with suffixes follow (oktabr → oktabrda).', max_length=100, unique=True, verbose_name='Latin')),
                ('cyrillic', models.CharField(help_text='How the Cyrillic edition writes it; the same Latin letters keep a brand as it is (iPhone).', max_length=100, verbose_name='Cyrillic')),
                ('note', models.CharField(blank=True, max_length=200, verbose_name='note')),
            ],
            options={
                'verbose_name': 'Cyrillic spelling',
                'verbose_name_plural': 'Cyrillic spellings',
                'ordering': ['latin'],
            },
        ),
        migrations.AddField(
            model_name='article',
            name='body_cyrl',
            field=models.TextField(blank=True, verbose_name='body (Cyrillic)'),
        ),
        migrations.AddField(
            model_name='article',
            name='cover_alt_cyrl',
            field=models.CharField(blank=True, max_length=255, verbose_name='cover description (Cyrillic)'),
        ),
        migrations.AddField(
            model_name='article',
            name='cover_caption_cyrl',
            field=models.CharField(blank=True, max_length=255, verbose_name='cover caption (Cyrillic)'),
        ),
        migrations.AddField(
            model_name='article',
            name='cyrillic_manual',
            field=models.JSONField(blank=True, default=list, editable=False, help_text='Fields whose Cyrillic copy an editor wrote.'),
        ),
        migrations.AddField(
            model_name='article',
            name='excerpt_cyrl',
            field=models.CharField(blank=True, editable=False, max_length=230),
        ),
        migrations.AddField(
            model_name='article',
            name='lead_cyrl',
            field=models.TextField(blank=True, max_length=600, verbose_name='lead (Cyrillic)'),
        ),
        migrations.AddField(
            model_name='article',
            name='title_cyrl',
            field=models.CharField(blank=True, max_length=255, verbose_name='title (Cyrillic)'),
        ),
        migrations.AddField(
            model_name='category',
            name='cyrillic_manual',
            field=models.JSONField(blank=True, default=list, editable=False, help_text='Fields whose Cyrillic copy an editor wrote.'),
        ),
        migrations.AddField(
            model_name='category',
            name='name_cyrl',
            field=models.CharField(blank=True, help_text='Filled from the Uzbek name on save; write your own to keep it.', max_length=100, verbose_name='name (Uzbek, Cyrillic)'),
        ),
        migrations.AddField(
            model_name='tag',
            name='cyrillic_manual',
            field=models.JSONField(blank=True, default=list, editable=False, help_text='Fields whose Cyrillic copy an editor wrote.'),
        ),
        migrations.AddField(
            model_name='tag',
            name='name_cyrl',
            field=models.CharField(blank=True, help_text='Uzbek tags: filled from the name on save; write your own to keep it.', max_length=80, verbose_name='name (Cyrillic)'),
        ),
        migrations.AlterField(
            model_name='article',
            name='search_title',
            field=models.CharField(blank=True, editable=False, max_length=520),
        ),
            migrations.DeleteModel(name="ArticlePage"),
        migrations.CreateModel(
            name="ArticlePage",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("edition", models.CharField(max_length=10)),
                ("version", models.CharField(max_length=16)),
                ("rendered_from", models.DateTimeField()),
                ("expires_at", models.DateTimeField(blank=True, null=True)),
                ("head", models.TextField()),
                ("main", models.TextField()),
                ("translations", models.JSONField(default=list, help_text="[[id, slug, language], ...] of its translations")),
                ("article", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="kept_pages", to="articles.article")),
                ("shows", models.ManyToManyField(blank=True, related_name="+", to="articles.article")),
            ],
            options={"verbose_name": "kept article page", "verbose_name_plural": "kept article pages"},
        ),
        migrations.AddConstraint(
            model_name="articlepage",
            constraint=models.UniqueConstraint(fields=("article", "edition"), name="article_page_edition_unique"),
        ),
        migrations.RunPython(on_postgresql(TRIGGER), on_postgresql(REVERSE)),
        migrations.RunPython(fill_copies, migrations.RunPython.noop),
    ]
