import json
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from articles.models import Article, Category

pytestmark = pytest.mark.django_db


def write_lines(tmp_path, *records):
    path = tmp_path / "news.jsonl"
    path.write_text(
        "\n".join(r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records) + "\n",
        encoding="utf-8",
    )
    return path


def run_import(path, capsys):
    """(stdout, stderr, exit status): the summary is the last line of stdout, 1 when a line failed."""
    status = 0
    try:
        call_command("import_articles", str(path))
    except SystemExit as raised:
        status = raised.code
    out, err = capsys.readouterr()
    return out, err, status


GOOD = {
    "id": "ria-1",
    "title": "Банк снизил ставку",
    "lead": "Решение приняли в пятницу.",
    "body": "Первый абзац.\n\nВторой <абзац>.",
    "category": "Экономика",
    "language": "ru",
    "tags": ["банки", "ставка"],
    "published_at": "2023-10-02T14:30:00+03:00",
    "source": "RIA Novosti",
    "story": None,
}


def test_import_creates_published_articles_with_paragraphs_tags_and_category(tmp_path, capsys):
    out, err, status = run_import(write_lines(tmp_path, GOOD), capsys)
    assert status == 0
    assert "1 created, 0 updated, 0 failed." in out
    article = Article.objects.get(external_id="ria-1")
    assert article.is_public
    assert article.language == "ru"
    assert article.body == "<p>Первый абзац.</p>\n<p>Второй &lt;абзац&gt;.</p>"
    assert article.category.name_ru == "Экономика"
    assert sorted(article.tags.values_list("name", flat=True)) == ["банки", "ставка"]
    assert article.published_at == datetime(2023, 10, 2, 11, 30, tzinfo=ZoneInfo("UTC"))
    assert article.slug == "bank-snizil-stavku"
    assert article.source == "RIA Novosti"


def test_reimporting_the_same_file_updates_instead_of_duplicating(tmp_path, capsys):
    path = write_lines(tmp_path, GOOD, {**GOOD, "id": "ria-2", "title": "Второй"})
    run_import(path, capsys)
    out, _, status = run_import(path, capsys)
    assert status == 0
    assert "0 created, 2 updated, 0 failed." in out
    assert Article.objects.count() == 2
    assert Category.objects.count() == 1
    changed = write_lines(tmp_path, {**GOOD, "title": "Банк снизил ставку до 15%"})
    run_import(changed, capsys)
    article = Article.objects.get(external_id="ria-1")
    assert article.title == "Банк снизил ставку до 15%"
    assert article.slug == "bank-snizil-stavku", "the address does not change with the title"


def test_bad_lines_are_reported_with_line_numbers_and_good_lines_still_import(tmp_path, capsys):
    path = write_lines(
        tmp_path,
        GOOD,
        '{"id": "x", "title": "broken',
        {"id": "no-title", "language": "en"},
        {"id": "de", "title": "Hallo", "language": "de"},
        {"title": "No id", "language": "en"},
        {"id": "when", "title": "Bad date", "language": "en", "published_at": "last Tuesday"},
        {"id": "tags", "title": "Bad tags", "language": "en", "tags": "one,two"},
        "[1, 2]",
        {**GOOD, "id": "ria-9"},
    )
    out, err, status = run_import(path, capsys)
    assert out.splitlines()[-1] == "2 created, 0 updated, 7 failed."
    assert status == 1
    assert err.splitlines() == [
        "line 2: invalid JSON: Unterminated string starting at (column 22)",
        "line 3: missing required field 'title'",
        "line 4: unknown language 'de' (expected one of: uz, ru, en)",
        "line 5: missing required field 'id'",
        "line 6: published_at is not an ISO 8601 date and time: 'last Tuesday'",
        "line 7: tags must be a list of strings",
        "line 8: a line must hold a JSON object",
    ]
    assert set(Article.objects.values_list("external_id", flat=True)) == {"ria-1", "ria-9"}


def test_body_html_is_sanitised_and_unknown_keys_ignored(tmp_path, capsys):
    record = {
        "id": "h1",
        "title": "HTML body",
        "language": "uz",
        "body_html": '<p onclick="x()">Matn</p><script>alert(1)</script>',
        "category": "Jamiyat",
        "mood": "happy",
    }
    run_import(write_lines(tmp_path, record), capsys)
    article = Article.objects.get(external_id="h1")
    assert article.body == "<p>Matn</p>"


def test_missing_published_at_means_now(tmp_path, capsys):
    run_import(write_lines(tmp_path, {"id": "n1", "title": "Now", "language": "en", "category": "City"}), capsys)
    article = Article.objects.get()
    assert timezone.now() - article.published_at < timedelta(minutes=1)


def test_existing_category_is_matched_by_name_in_any_language(tmp_path, capsys):
    sport = Category.objects.create(name_en="Sport", name_ru="Спорт", name_uz="Sport", slug="sport")
    run_import(write_lines(tmp_path, {"id": "s", "title": "Goal", "language": "ru", "category": "спорт"}), capsys)
    assert Article.objects.get().category == sport


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="Cannot read .*missing.jsonl: No such file"):
        call_command("import_articles", str(tmp_path / "missing.jsonl"))


DEV_CORPUS = Path(__file__).resolve().parents[3] / "shared" / "data" / "news-dev.jsonl"


@pytest.mark.skipif(not DEV_CORPUS.exists(), reason="the development corpus is not beside this checkout")
def test_development_corpus_imports_cleanly(capsys):
    call_command("import_articles", str(DEV_CORPUS))
    out = capsys.readouterr().out
    assert "1536 created, 0 updated, 0 failed." in out
    assert Article.objects.published().filter(language="ru").count() == 648
    assert Article.objects.published().filter(language="en").count() == 888
