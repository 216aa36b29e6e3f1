"""Embeds ask nothing of their provider until the reader presses play; the gallery viewer works by keyboard."""

from urllib.parse import urlparse

import pytest
from django.core.files.base import ContentFile

from articles import storytelling
from articles.media import MediaImage

from ..articles.factories import ArticleFactory
from ..articles.files import image_bytes

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def story():
    article = ArticleFactory(
        title="Final in Tashkent",
        body=(
            "<p>The goals, in full:</p>\n"
            "<p>https://www.youtube.com/watch?v=dQw4w9WgXcQ</p>\n"
            "<p>And the club's own post:</p>\n"
            "<p>https://t.me/durov/142</p>"
        ),
    )
    pictures = []
    for number, colour in enumerate([(200, 30, 40), (30, 160, 60)]):
        picture = MediaImage(image=ContentFile(image_bytes(size=(1200, 800), colour=colour), f"p{number}.jpg"))
        picture.alt, picture.caption = f"Picture {number}", f"Caption {number}"
        picture.save()
        pictures.append(picture)
    storytelling.gallery_set(article=article, images=pictures)
    return article


def blocked_outside(page, live_server) -> list[str]:
    """Refuse (and record) every request that would leave the test server: no traffic goes elsewhere."""
    host = urlparse(live_server.url).netloc
    outside = []

    def route(route):
        if urlparse(route.request.url).netloc == host:
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", route)
    return outside


def test_no_request_leaves_the_site_before_the_reader_plays_an_embed(page, live_server, story, screenshot):
    outside = blocked_outside(page, live_server)
    page.goto(live_server.url + story.get_absolute_url())
    page.wait_for_load_state("networkidle")
    buttons = page.locator("figure.embed .embed-play")
    assert buttons.count() == 2
    assert page.locator("figure.embed iframe").count() == 0
    screenshot(page, "facades")
    assert outside == []

    page.locator("figure.embed-video .embed-play").click()
    frame = page.locator("figure.embed-video iframe")
    frame.wait_for()
    assert frame.get_attribute("src").startswith("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ")
    page.wait_for_timeout(300)
    assert outside and all(urlparse(url).netloc == "www.youtube-nocookie.com" for url in outside)
    assert page.locator("figure.embed-post iframe").count() == 0  # the other embed still asks nothing


def test_gallery_viewer_opens_goes_through_the_photos_by_keyboard_and_gives_focus_back(page, live_server, story):
    page.goto(live_server.url + story.get_absolute_url())
    first = page.locator("[data-gallery-item]").first
    first.focus()
    page.keyboard.press("Enter")
    viewer = page.locator("dialog.viewer")
    viewer.wait_for()
    assert viewer.locator(".viewer-count").text_content() == "1 of 2"
    assert viewer.locator(".viewer-caption").text_content() == "Caption 0"
    assert viewer.locator("img").get_attribute("alt") == "Picture 0"
    page.keyboard.press("ArrowRight")
    assert viewer.locator(".viewer-count").text_content() == "2 of 2"
    assert viewer.locator(".viewer-caption").text_content() == "Caption 1"
    page.keyboard.press("ArrowRight")
    assert viewer.locator(".viewer-count").text_content() == "1 of 2"  # round again
    page.keyboard.press("ArrowLeft")
    assert viewer.locator(".viewer-count").text_content() == "2 of 2"
    page.keyboard.press("Escape")
    assert not viewer.is_visible()
    # Focus comes back to the thumbnail of the photo last shown.
    page.wait_for_function("document.activeElement.closest('li') === document.querySelectorAll('.gallery li')[1]")
