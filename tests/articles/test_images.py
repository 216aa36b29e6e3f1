import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image

from articles import images
from articles.models import Article

from ..conftest import stored_files
from .factories import ArticleFactory
from .files import animated_gif, bomb_png, image_bytes, jpeg_with_metadata, upload


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"<html><script>alert(1)</script></html>", "photo.jpg", "The file is not an image"),
        (image_bytes("JPEG")[:2000], "cut.jpg", "damaged or truncated"),
        (image_bytes("PNG")[:300], "cut.png", "damaged or truncated"),
        (image_bytes("BMP", size=(20, 20)), "old.bmp", "Unsupported image format BMP"),
        (image_bytes("TIFF", size=(20, 20)), "scan.jpg", "Unsupported image format TIFF"),
        (bomb_png(), "bomb.png", "too many pixels"),
        (image_bytes("PNG", size=(8000, 6000)), "huge.png", "too many pixels (8000×6000)"),
        (animated_gif(frames=150), "long.gif", "too many frames (150)"),
        (b"", "empty.jpg", "The file is not an image"),
    ],
)
def test_bad_files_are_refused_with_a_reason(data, name, message):
    with pytest.raises(ValidationError) as error:
        images.clean_image(upload(data, name))
    assert message in " ".join(error.value.messages)


def test_files_over_the_size_limit_are_refused_before_decoding(settings):
    settings.IMAGE_MAX_BYTES = 1000
    with pytest.raises(ValidationError, match="too large"):
        images.clean_image(upload(image_bytes("PNG", size=(300, 300), colour=(1, 2, 3)) + b"\0" * 2000))


@pytest.mark.parametrize(("fmt", "ext"), [("JPEG", "jpg"), ("PNG", "png"), ("WEBP", "webp"), ("GIF", "gif")])
def test_allowed_formats_are_stored_in_their_real_format(fmt, ext):
    cleaned = images.clean_image(upload(image_bytes(fmt, size=(64, 48)), name="picture.txt"))
    assert cleaned.name == f"picture.{ext}"
    assert Image.open(io.BytesIO(cleaned.read())).format == fmt


def test_stored_copy_has_orientation_applied_and_no_metadata():
    cleaned = images.clean_image(upload(jpeg_with_metadata(size=(400, 200), orientation=6)))
    stored = Image.open(io.BytesIO(cleaned.read()))
    assert stored.size == (200, 400), "the 90° EXIF rotation is applied to the pixels"
    assert not stored.getexif(), "EXIF (camera model, GPS, orientation) is gone"
    assert "comment" not in stored.info
    assert "xmp" not in stored.info
    raw = cleaned.file.getvalue()
    assert b"Secret Camera" not in raw
    assert b"secret" not in raw
    assert b"private note" not in raw


def test_animated_gif_keeps_its_frames():
    cleaned = images.clean_image(upload(animated_gif(frames=5), name="anim.gif"))
    assert Image.open(io.BytesIO(cleaned.read())).n_frames == 5


@pytest.mark.django_db
def test_renditions_are_made_once_when_the_cover_is_saved(media_root):
    article = ArticleFactory(cover=ContentFile(image_bytes(size=(1600, 900)), "c.jpg"), cover_alt="A red square")
    assert set(article.cover_renditions) == {"card-480", "card-960", "page-800", "page-1200", "social"}
    assert article.card_image["width"] == 480
    assert article.card_image["height"] == 270
    assert article.social_image["width"] == 1200
    assert article.social_image["height"] == 630
    assert "480w" in article.card_image["srcset"] and "960w" in article.card_image["srcset"]
    files = stored_files(media_root)
    assert len(files) == 6

    article.title = "Edited"
    article.save()
    assert stored_files(media_root) == files, "an ordinary save makes no new files"


@pytest.mark.django_db
def test_small_cover_is_never_upscaled():
    article = ArticleFactory(cover=ContentFile(image_bytes(size=(320, 240)), "c.png"), cover_alt="Small")
    assert article.page_image["width"] == 320
    assert article.card_image["width"] == 320
    assert article.card_image["height"] == 180


@pytest.mark.django_db
def test_replacing_a_cover_keeps_the_old_files_for_revisions(media_root, django_capture_on_commit_callbacks):
    article = ArticleFactory(cover=ContentFile(image_bytes(), "a.jpg"), cover_alt="First")
    first = stored_files(media_root)
    article = Article.objects.get(pk=article.pk)
    article.cover = ContentFile(image_bytes(colour=(0, 0, 255)), "b.jpg")
    with django_capture_on_commit_callbacks(execute=True):
        article.save()
    second = stored_files(media_root)
    assert len(first) == 6 and len(second) == 12, "an older revision can still show its cover"
    assert set(first) < set(second)
    assert Article.objects.get(pk=article.pk).cover.name not in first


@pytest.mark.django_db
def test_saving_a_bad_cover_from_code_stores_nothing(media_root):
    article = ArticleFactory.build(cover=ContentFile(b"<html></html>", "x.jpg"), cover_alt="x")
    article.category.save()
    article.category_id = article.category.pk
    with pytest.raises(ValidationError):
        article.save()
    assert stored_files(media_root) == []
    assert not Article.objects.exists()
