"""Embeds: a provider's link on a line of its own becomes our placeholder; anything else stays a link."""

import re

import pytest

from articles.embeds import Embed, embed_links, frame_origins, parse
from articles.sanitize import clean_html

from .factories import ArticleFactory

VIDEO = "dQw4w9WgXcQ"


@pytest.mark.parametrize(
    ("url", "embed"),
    [
        (f"https://www.youtube.com/watch?v={VIDEO}", Embed("youtube", VIDEO)),
        (f"https://youtube.com/watch?v={VIDEO}&list=PL123&index=2", Embed("youtube", VIDEO)),
        (f"http://m.youtube.com/watch?feature=share&v={VIDEO}", Embed("youtube", VIDEO)),
        (f"https://music.youtube.com/watch?v={VIDEO}", Embed("youtube", VIDEO)),
        (f"https://youtu.be/{VIDEO}", Embed("youtube", VIDEO)),
        (f"https://youtu.be/{VIDEO}?si=AbCdEf&t=42", Embed("youtube", VIDEO, 42)),
        (f"https://www.youtube.com/watch?v={VIDEO}&t=1m30s", Embed("youtube", VIDEO, 90)),
        (f"https://www.youtube.com/shorts/{VIDEO}", Embed("youtube", VIDEO)),
        (f"https://youtube.com/shorts/{VIDEO}?feature=share", Embed("youtube", VIDEO)),
        (f"https://www.youtube.com/live/{VIDEO}", Embed("youtube", VIDEO)),
        (f"https://www.youtube.com/embed/{VIDEO}?start=10", Embed("youtube", VIDEO, 10)),
        (f"https://www.youtube-nocookie.com/embed/{VIDEO}", Embed("youtube", VIDEO)),
        ("https://vimeo.com/76979871", Embed("vimeo", "76979871")),
        ("https://vimeo.com/channels/staffpicks/76979871", Embed("vimeo", "76979871")),
        ("https://player.vimeo.com/video/76979871", Embed("vimeo", "76979871")),
        ("https://t.me/kunuzofficial/123456", Embed("telegram", "kunuzofficial/123456")),
        ("https://t.me/s/kunuzofficial/123456", Embed("telegram", "kunuzofficial/123456")),
        ("https://telegram.me/Daryo_uz/77?single", Embed("telegram", "Daryo_uz/77")),
        ("https://www.instagram.com/p/C1a2B3c4D5e/", Embed("instagram", "C1a2B3c4D5e")),
        ("https://instagram.com/reel/C1a2B3c4D5e/?igsh=abc", Embed("instagram", "C1a2B3c4D5e")),
        ("https://www.instagram.com/nasa/p/C1a2B3c4D5e/", Embed("instagram", "C1a2B3c4D5e")),
        ("https://x.com/Uzbekistan/status/1790000000000000000", Embed("x", "1790000000000000000")),
        ("https://twitter.com/jack/status/20?s=20", Embed("x", "20")),
        ("https://mobile.twitter.com/jack/status/20/photo/1", Embed("x", "20")),
        ("https://www.facebook.com/watch/?v=1234567890", Embed("facebook", "1234567890")),
        ("https://www.facebook.com/nasa/videos/1234567890/", Embed("facebook", "1234567890")),
        ("https://www.facebook.com/nasa/videos/launch-day/1234567890/", Embed("facebook", "1234567890")),
        ("https://www.facebook.com/reel/1234567890", Embed("facebook", "1234567890")),
    ],
)
def test_every_url_form_of_a_provider_is_understood(url, embed):
    assert parse(url) == embed


@pytest.mark.parametrize(
    "url",
    [
        f"https://www.youtube.com/watch?v={VIDEO[:-1]}",  # an id one letter short
        f"https://www.youtube.com/watch?v={VIDEO}x",
        "https://www.youtube.com/watch",
        "https://www.youtube.com/@kunuz",  # a channel, not a video
        "https://www.youtube.com/playlist?list=PL123",
        f"https://youtube.com.evil.example/watch?v={VIDEO}",
        f"https://evil.example/youtube.com/watch?v={VIDEO}",
        f"https://user:pass@youtube.com/watch?v={VIDEO}",
        f"javascript://youtube.com/watch?v={VIDEO}",
        f"ftp://youtu.be/{VIDEO}",
        "https://vimeo.com/76979871/0a1b2c3d4e",  # an unlisted video: a private hash
        "https://vimeo.com/staff",
        "https://t.me/kunuzofficial",  # a channel, not a post
        "https://t.me/c/1234567890/55",  # a private channel's post
        "https://t.me/joinchat/AAAAAE",
        "https://t.me/+AbCdEfGh",
        "https://t.me/ab/12",  # too short to be a channel
        "https://www.instagram.com/nasa/",
        "https://x.com/jack",
        "https://x.com/jack/status/abc",
        "https://www.facebook.com/nasa",
        "https://www.facebook.com/watch/?v=abc",
        "https://fb.watch/abc123/",  # a short link whose video only Facebook knows
        "not a url at all",
        "https://[::1",  # malformed
    ],
)
def test_near_misses_are_no_embed(url):
    assert parse(url) is None


def test_a_link_alone_on_its_line_becomes_an_embed_that_keeps_provider_id_and_link():
    body = clean_html(f'<p><a href="https://youtu.be/{VIDEO}?t=42">Minister on the new metro line</a></p>')
    assert embed_links(body) == (
        f'<figure class="embed" data-embed="youtube" data-embed-id="{VIDEO}" data-embed-start="42">'
        f'<a href="https://www.youtube.com/watch?v={VIDEO}&amp;t=42s" rel="noopener noreferrer">'
        "Minister on the new metro line</a></figure>"
    )


def test_a_bare_address_on_its_line_becomes_an_embed_named_after_its_provider():
    assert embed_links("<p>https://t.me/kunuzofficial/5</p>") == (
        '<figure class="embed" data-embed="telegram" data-embed-id="kunuzofficial/5">'
        '<a href="https://t.me/kunuzofficial/5" rel="noopener noreferrer">Telegram</a></figure>'
    )


@pytest.mark.parametrize(
    "body",
    [
        f'<p>Watch <a href="https://youtu.be/{VIDEO}" rel="noopener noreferrer">the video</a> today.</p>',
        '<p><a href="https://example.org/report" rel="noopener noreferrer">https://example.org/report</a></p>',
        '<p><a href="https://t.me/c/1/2" rel="noopener noreferrer">private</a></p>',
    ],
)
def test_a_link_inside_a_sentence_or_of_an_unknown_site_stays_as_it_is(body):
    assert embed_links(body) == body


def test_an_embed_whose_link_was_changed_to_no_provider_becomes_a_plain_link():
    body = (
        '<figure class="embed" data-embed="youtube" data-embed-id="dQw4w9WgXcQ">'
        '<a href="https://example.org/">Our report</a></figure>'
    )
    link = '<p><a href="https://example.org/" rel="noopener noreferrer">Our report</a></p>'
    assert embed_links(clean_html(body)) == link


def test_the_sanitiser_keeps_only_valid_embed_markup():
    forged = (
        '<figure class="embed evil" data-embed="evil" data-embed-id="x&quot; onload=&quot;y" onclick="z()">x</figure>'
    )
    assert clean_html(forged) == "<figure>x</figure>"


@pytest.mark.django_db
def test_an_article_saved_with_embeds_stores_them_and_lists_only_their_players():
    article = ArticleFactory(body=f"<p>https://youtu.be/{VIDEO}</p><p>Text.</p><p>https://x.com/jack/status/20</p>")
    article.refresh_from_db()
    assert article.body.count('<figure class="embed"') == 2
    assert "iframe" not in article.body
    assert frame_origins(article.body) == ["https://www.youtube-nocookie.com", "https://platform.twitter.com"]
    article.save()  # a second save keeps them as they are
    assert article.body.count('<figure class="embed"') == 2


def _frame_src(response) -> str:
    policy = response["Content-Security-Policy"]
    match = re.search(r"frame-src ([^;]*)", policy)
    return match.group(1) if match else ""


@pytest.mark.django_db
def test_a_page_with_embeds_shows_links_and_frames_only_its_providers(client):
    article = ArticleFactory(body=f"<p>https://youtu.be/{VIDEO}</p><p>https://t.me/kunuzofficial/5</p>")
    plain = ArticleFactory()
    for _ in range(2):  # rendered, then kept / from the page cache: the policy comes with it
        response = client.get(article.get_absolute_url())
        html = response.content.decode()
        assert f'href="https://www.youtube.com/watch?v={VIDEO}"' in html
        assert "<iframe" not in html  # nothing of the provider's until the reader asks
        assert "youtube-nocookie" not in html
        assert _frame_src(response) == "https://www.youtube-nocookie.com https://t.me"
    assert _frame_src(client.get(plain.get_absolute_url())) == ""
    assert "frame-src" not in client.get("/en/")["Content-Security-Policy"]
