import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from articles.models import Article, Category

pytestmark = pytest.mark.django_db


def test_demo_content_fills_three_editions_once(client, midday):
    call_command("load_demo")
    articles = Article.objects.published()
    assert articles.count() >= 40
    assert Category.objects.filter(articles__isnull=False).distinct().count() >= 5
    assert set(articles.values_list("language", flat=True)) == {"uz", "ru", "en"}
    assert not articles.filter(cover="").exists()
    assert not articles.filter(cover_alt="").exists()
    assert articles.filter(is_breaking=True).exists()
    assert articles.filter(is_featured=True).exists()
    today = timezone.localdate()
    days = {timezone.localtime(a.published_at).date() for a in articles}
    assert today in days and today - timedelta(days=1) in days

    tram = {a.language: a for a in Article.objects.filter(external_id__startswith="demo-tram-line-")}
    for language, name in (("en", "#Tashkent"), ("ru", "#Ташкент"), ("uz", "#Toshkent")):
        page = client.get(tram[language].get_absolute_url()).content.decode()
        assert name in page, "each edition names its own tags"
    assert "#Tashkent" not in client.get(tram["ru"].get_absolute_url()).content.decode()

    call_command("load_demo")
    assert Article.objects.count() == articles.count()
    response = client.get("/en/")
    assert response.status_code == 200
    assert b"Today, " in response.content


def test_ensure_admin_creates_one_superuser_and_prints_the_password_once(capsys, monkeypatch):
    monkeypatch.delenv("ADMIN_PASSWORD", raising=False)
    call_command("ensure_admin")
    out = capsys.readouterr().out
    user = get_user_model().objects.get()
    password = out.split("admin / ")[1].split()[0]
    assert user.is_superuser and user.check_password(password)
    call_command("ensure_admin")
    assert capsys.readouterr().out == ""
    assert get_user_model().objects.count() == 1


def test_ensure_admin_takes_the_password_from_the_environment(capsys, monkeypatch):
    monkeypatch.setenv("ADMIN_PASSWORD", "a-long-demo-passphrase")
    call_command("ensure_admin")
    assert "a-long-demo-passphrase" not in capsys.readouterr().out
    assert get_user_model().objects.get(username="admin").check_password("a-long-demo-passphrase")


def test_demo_shows_uzbek_in_both_scripts(client):
    call_command("load_demo")
    story = Article.objects.published().filter(language="uz").first()
    latin = client.get("/uz/").content.decode()
    cyrillic = client.get("/uz-cyrl/").content.decode()
    assert story.title in latin and story.title not in cyrillic
    assert story.title_cyrl and story.title_cyrl in cyrillic
    assert "Ўзбекча" in latin, "the switcher offers the Cyrillic edition"


def test_demo_shows_bylines_a_gallery_two_embeds_and_a_correction(client, midday):
    call_command("load_demo")
    final = Article.objects.get(external_id="demo-futsal-final-en")
    page = client.get(final.get_absolute_url()).content.decode()
    assert page.count('<figure class="embed') == 2
    assert '<span class="gallery-count">4</span>' in page
    assert 'rel="author">' in page
    author_url = re.search(r'<a href="(/en/author/[^"]+/)" rel="author">', page).group(1)
    assert final.title in client.get(author_url).content.decode()
    russian = Article.objects.get(external_id="demo-futsal-final-ru")
    assert "Первый гол" in client.get(russian.get_absolute_url()).content.decode()  # captions in its language
    corrections = client.get("/en/corrections/").content.decode()
    assert "it is 9 km." in corrections
    tram = Article.objects.get(external_id="demo-tram-line-en")
    assert '<aside class="notes"' in client.get(tram.get_absolute_url()).content.decode()


def test_demo_covers_the_tram_vote_live_in_each_edition(client, midday):
    call_command("load_demo")
    tram = Article.objects.get(external_id="demo-tram-line-en")
    page = client.get(tram.get_absolute_url()).content.decode()
    entries = re.findall(r'<div class="live-text">(.*?)</div>', page, re.S)
    assert entries[0] == "<p>The mayor's office says tenders for the rails open next month.</p>"
    assert len(entries) == 4 and "Key" in page
    assert 'class="breaking-label"><span class="live-badge">Live</span>' in client.get("/en/").content.decode()
    cyrillic = Article.objects.get(external_id="demo-tram-line-uz")
    page = client.get(cyrillic.get_absolute_url().replace("/uz/", "/uz-cyrl/")).content.decode()
    assert "Овоз бериш" in page
