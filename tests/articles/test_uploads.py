import pytest
from django.test import Client
from django.urls import reverse
from PIL import Image

from ..conftest import stored_files
from .factories import UserFactory
from .files import image_bytes, jpeg_with_metadata, upload

pytestmark = pytest.mark.django_db

URL = reverse("ckeditor_upload")


@pytest.fixture
def csrf_client():
    return Client(enforce_csrf_checks=True, headers={"Accept-Language": "en"})


def logged_in_with_token(client, user):
    """Log in and fetch the admin page so the CSRF cookie is set, as in a browser."""
    client.force_login(user)
    client.get(reverse("admin:articles_article_add"))
    return client.cookies["csrftoken"].value


def test_editor_upload_stores_a_clean_copy_and_answers_ckeditor(csrf_client, media_root):
    token = logged_in_with_token(csrf_client, UserFactory(group="Author"))
    response = csrf_client.post(URL, {"upload": upload(jpeg_with_metadata())}, headers={"X-CSRFToken": token})
    assert response.status_code == 200
    body = response.json()
    assert body["uploaded"] == 1
    assert body["url"].startswith("/media/uploads/")
    [stored] = stored_files(media_root)
    image = Image.open(media_root / stored)
    assert not image.getexif()
    assert b"Secret Camera" not in (media_root / stored).read_bytes()


def test_upload_without_csrf_token_is_refused_and_stores_nothing(csrf_client, media_root):
    logged_in_with_token(csrf_client, UserFactory(group="Editor"))
    response = csrf_client.post(URL, {"upload": upload(image_bytes())})
    assert response.status_code == 403
    assert stored_files(media_root) == []


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"<html><script>alert(1)</script></html>", "x.jpg", "The file is not an image"),
        (image_bytes()[:1500], "cut.jpg", "damaged or truncated"),
    ],
)
def test_bad_upload_gets_the_editor_error_message_and_stores_nothing(csrf_client, media_root, data, name, message):
    token = logged_in_with_token(csrf_client, UserFactory(group="Editor"))
    response = csrf_client.post(URL, {"upload": upload(data, name)}, headers={"X-CSRFToken": token})
    assert response.status_code == 200, "CKEditor shows the message only on a 200 answer"
    assert response.json()["uploaded"] == 0
    assert message in response.json()["error"]["message"]
    assert stored_files(media_root) == []


def test_upload_without_a_file_is_explained(csrf_client):
    token = logged_in_with_token(csrf_client, UserFactory(group="Editor"))
    response = csrf_client.post(URL, {}, headers={"X-CSRFToken": token})
    assert response.json() == {"uploaded": 0, "error": {"message": "No file was sent."}}


@pytest.mark.parametrize("user_kind", ["anonymous", "reader", "staff_without_article_rights"])
def test_only_staff_who_write_articles_can_upload(client, media_root, user_kind):
    if user_kind == "reader":
        client.force_login(UserFactory(is_staff=False))
    elif user_kind == "staff_without_article_rights":
        client.force_login(UserFactory(is_staff=True))
    response = client.post(URL, {"upload": upload(image_bytes())})
    assert response.status_code == 403
    assert stored_files(media_root) == []


def test_upload_refuses_get(client):
    client.force_login(UserFactory(group="Editor"))
    assert client.get(URL).status_code == 405


def test_stock_ckeditor_upload_view_is_not_reachable(client):
    client.force_login(UserFactory(is_superuser=True))
    assert reverse("ckeditor_upload") == "/ckeditor/upload/"
    from django.urls import resolve

    assert resolve(URL).func.__module__ == "articles.uploads"


def test_staff_list_the_files_uploaded_in_the_editor_and_readers_cannot(client, csrf_client):
    token = logged_in_with_token(csrf_client, UserFactory(group="Editor"))
    url = csrf_client.post(URL, {"upload": upload(image_bytes())}, headers={"X-CSRFToken": token}).json()["url"]
    browse = csrf_client.get(reverse("ckeditor_files"))
    assert browse.status_code == 200
    assert url in browse.content.decode()
    assert client.get(reverse("ckeditor_files")).status_code == 302
