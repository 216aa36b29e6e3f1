"""Embeds ask nothing of their provider until the reader presses play; the gallery viewer works by keyboard."""

from urllib.parse import urlparse

import pytest
from django.core.files.base import ContentFile

from articles import storytelling
from articles.media import MediaImage

from ..articles.factories import ArticleFactory, UserFactory
from ..articles.files import image_bytes

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "correct horse battery"


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


EDITOR_READY = """
async () => {
  const editor = CKEDITOR.instances.id_body;
  if (editor.status !== "ready") await new Promise((ok) => editor.once("instanceReady", ok));
}
"""


def test_editor_puts_a_library_picture_in_the_text_with_its_caption_and_credit(page, live_server, story):
    from articles.models import Article

    from .test_newsroom import log_in

    editor = UserFactory(username="editor", password=PASSWORD, group="Editor")
    log_in(page, live_server, editor)
    page.goto(f"{live_server.url}/admin/articles/article/{story.pk}/change/")
    page.evaluate(EDITOR_READY)
    # What the sanitiser keeps, the editor keeps: the stored embeds survive loading.
    loaded = page.evaluate("CKEDITOR.instances.id_body.getData()")
    assert 'class="embed" data-embed="youtube" data-embed-id="dQw4w9WgXcQ"' in loaded
    page.evaluate("CKEDITOR.instances.id_body.execCommand('image')")
    with page.context.expect_page() as opened:
        page.locator(".cke_dialog a.cke_dialog_ui_button:visible", has_text="Browse Server").click()
    library = opened.value
    library.wait_for_load_state()
    library.fill("#library-q", "caption 1")
    library.press("#library-q", "Enter")
    library.wait_for_load_state()
    assert library.locator(".library-choice").count() == 1
    with library.expect_event("close"):
        library.locator(".library-choice").click()

    body = page.evaluate("CKEDITOR.instances.id_body.getData()")
    picture = story.gallery.get(position=1).image.picture
    size = f'height="{picture["height"]}" src="{picture["url"]}" width="{picture["width"]}"'
    assert f'<img alt="Picture 1" {size}' in body
    assert "<figcaption>Caption 1</figcaption>" in body
    assert page.locator(".cke_dialog").is_hidden()
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")

    # The sanitiser keeps the figure as the editor made it, and the reader sees it.
    stored = Article.objects.get(pk=story.pk).body
    assert "<figcaption>Caption 1</figcaption>" in stored
    assert 'data-embed="telegram" data-embed-id="durov/142"' in stored
    page.goto(live_server.url + story.get_absolute_url())
    assert page.locator(".body figure figcaption", has_text="Caption 1").is_visible()
    assert page.locator(f'.body img[src="{picture["url"]}"]').get_attribute("alt") == "Picture 1"
