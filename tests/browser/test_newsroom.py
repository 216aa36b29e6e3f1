"""A newsroom day in a real browser: log in, write with CKEditor, upload, publish, read."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone

from articles.models import Article

from ..articles.factories import CategoryFactory, UserFactory
from ..articles.files import image_bytes

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "correct horse battery"

UPLOAD_FROM_EDITOR = """
async () => {
  const editor = CKEDITOR.instances.id_body;
  if (editor.status !== "ready") await new Promise((ok) => editor.once("instanceReady", ok));
  const canvas = document.createElement("canvas");
  canvas.width = 64; canvas.height = 48;
  canvas.getContext("2d").fillRect(0, 0, 64, 48);
  const blob = await new Promise((ok) => canvas.toBlob(ok, "image/png"));
  const loader = editor.uploadRepository.create(blob, "chart.png");
  const done = new Promise((ok) => loader.on("update", () => {
    if (["uploaded", "error", "abort"].includes(loader.status)) ok();
  }));
  loader.upload(editor.config.filebrowserUploadUrl);
  await done;
  if (loader.status === "uploaded") {
    editor.setData('<p>Snow fell overnight.</p><p><img alt="Chart" src="' + loader.url + '"></p>');
  }
  return {status: loader.status, url: loader.url || "", message: loader.message || ""};
}
"""


def log_in(page, live_server, user):
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")


def test_editor_writes_uploads_and_publishes_then_a_reader_sees_it(page, live_server, tmp_path, screenshot):
    editor = UserFactory(username="editor", password=PASSWORD)
    editor.groups.add(Group.objects.get(name="Editor"))
    CategoryFactory(name_en="World")
    log_in(page, live_server, editor)

    page.goto(f"{live_server.url}/admin/articles/article/add/")
    page.locator("#id_title").press_sequentially("Snow closes the mountain pass")
    assert page.input_value("#id_slug") == "snow-closes-the-mountain-pass"
    page.fill("#id_lead", "Drivers are asked to wait until morning.")

    upload = page.evaluate(UPLOAD_FROM_EDITOR)
    assert upload["status"] == "uploaded", upload
    assert upload["url"].startswith("/media/uploads/")

    cover = tmp_path / "pass.jpg"
    cover.write_bytes(image_bytes(size=(1600, 900)))
    page.set_input_files("#id_cover", str(cover))
    page.fill("#id_cover_alt", "Lorries wait at the foot of the pass")
    page.select_option("#id_language", "en")
    page.select_option("#id_category", label="World")
    page.select_option("#id_status", "published")
    screenshot(page, "1-admin-form", full_page=True)
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")

    article = Article.objects.get()
    assert article.is_public
    assert upload["url"] in article.body

    reader = page.context.browser.new_page()
    reader.goto(live_server.url + article.get_absolute_url())
    assert reader.inner_text("h1") == "Snow closes the mountain pass"
    body_image = reader.locator(".body img")
    assert body_image.get_attribute("src") == upload["url"]
    cover = reader.eval_on_selector(".cover img", "img => img.complete && img.naturalWidth > 0 && img.currentSrc")
    assert cover.endswith("-page-800.webp"), "the browser picked the 800 px rendition from srcset"
    screenshot(reader, "2-published-article", full_page=True)
    reader.close()


def test_editor_upload_of_a_non_image_shows_the_reason(page, live_server, screenshot):
    author = UserFactory(username="author", password=PASSWORD)
    author.groups.add(Group.objects.get(name="Author"))
    log_in(page, live_server, author)
    page.goto(f"{live_server.url}/admin/articles/article/add/")
    result = page.evaluate(
        UPLOAD_FROM_EDITOR.replace(
            'const blob = await new Promise((ok) => canvas.toBlob(ok, "image/png"));',
            'const blob = new Blob(["<html><script>alert(1)</script></html>"], {type: "image/jpeg"});',
        )
    )
    assert result["status"] == "error"
    assert "not an image" in result["message"]
    screenshot(page, "admin-form")


SET_BODY = """
async (html) => {
  const editor = CKEDITOR.instances.id_body;
  if (editor.status !== "ready") await new Promise((ok) => editor.once("instanceReady", ok));
  await new Promise((ok) => editor.setData(html, {callback: ok}));
}
"""


def board_number(page, heading: str) -> str:
    """The figure under one of the dashboard's headings ("Waiting for review", ...)."""
    figure = page.locator(".board-figure", has=page.get_by_role("heading", name=heading))
    return figure.locator(".board-number").inner_text()


def test_author_submits_a_story_and_an_editor_schedules_it_reading_the_dashboard(
    page, live_server, browser, screenshot
):
    author = UserFactory(username="author", password=PASSWORD, first_name="Aziza", last_name="Karimova")
    author.groups.add(Group.objects.get(name="Author"))
    editor = UserFactory(username="editor", password=PASSWORD)
    editor.groups.add(Group.objects.get(name="Editor"))
    CategoryFactory(name_en="Uzbekistan")

    # The author writes the story and sends it for review: publishing is not theirs to choose.
    log_in(page, live_server, author)
    assert board_number(page, "Waiting for review") == "0"
    page.goto(f"{live_server.url}/admin/articles/article/add/")
    assert page.locator("#id_status option").all_inner_texts() == ["Draft", "In review"]
    assert page.locator("#id_is_breaking").count() == 0, "breaking news is an editor's call"
    assert page.locator(".field-tags .select2-search__field").get_attribute("aria-label") == "Tags"
    page.fill("#id_title", "Tashkent opens its first night market")
    page.fill("#id_lead", "Forty stalls will stay open until two in the morning.")
    page.evaluate(SET_BODY, "<p>The market opens on Friday in the old town.</p>")
    page.select_option("#id_language", "en")
    page.select_option("#id_category", label="Uzbekistan")
    page.select_option("#id_status", "review")
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")
    article = Article.objects.get()
    assert article.status == Article.Status.REVIEW and article.author == author

    # The editor finds it on the dashboard, opens it and schedules it for three hours from now.
    desk = browser.new_context(viewport={"width": 1366, "height": 900})
    editor_page = desk.new_page()
    editor_page.set_default_timeout(15_000)
    log_in(editor_page, live_server, editor)
    assert board_number(editor_page, "Waiting for review") == "1"
    assert board_number(editor_page, "Scheduled, next 24 hours") == "0"
    review = editor_page.locator("#review li")
    assert review.count() == 1
    assert "Aziza Karimova" in review.inner_text()
    screenshot(editor_page, "1-dashboard-before", full_page=True)
    review.get_by_role("link", name="Tashkent opens its first night market").click()
    editor_page.wait_for_selector("#id_title")
    when = timezone.localtime() + timedelta(hours=3)
    editor_page.select_option("#id_status", "published")
    editor_page.fill("#id_published_at_0", when.strftime("%Y-%m-%d"))
    editor_page.fill("#id_published_at_1", when.strftime("%H:%M:00"))
    screenshot(editor_page, "2-article-form", full_page=True)
    editor_page.click("input[name=_save]")
    info = editor_page.locator(".messagelist .info").inner_text()
    assert info == f"Scheduled for {when:%a} {when.day} {when:%b, %H:%M} (Tashkent time)."

    # Readers do not see it yet; the dashboard has it in the next 24 hours and nothing in review.
    assert Client().get(article.get_absolute_url()).status_code == 404
    editor_page.goto(f"{live_server.url}/admin/")
    assert board_number(editor_page, "Waiting for review") == "0"
    assert board_number(editor_page, "Scheduled, next 24 hours") == "1"
    assert editor_page.locator("#schedule li").inner_text().startswith(f"{when:%a %H:%M}")
    assert editor_page.locator("#review").count() == 0
    screenshot(editor_page, "3-dashboard-after", full_page=True)
    desk.close()
