"""A newsroom day in a real browser: log in, write with CKEditor, upload, publish, read."""

import pytest
from django.contrib.auth.models import Group

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
