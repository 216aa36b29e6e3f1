"""Checking, cleaning and resizing uploaded images.

``clean_image`` is the one gate every upload passes (cover images and the
editor's uploads): it refuses anything that is not a real JPEG, PNG, WebP or
GIF within the size, pixel and frame limits, and returns a re-encoded copy
with the orientation applied and all metadata (EXIF, GPS, XMP, comments)
dropped. ``make_renditions`` derives the resized copies pages use.
"""

import io
import posixpath
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}


@dataclass(frozen=True)
class Rendition:
    name: str
    width: int
    height: int | None  # None keeps the aspect ratio
    format: str = "WEBP"
    upscale: bool = False  # a smaller picture is enlarged to the full size (the social card)


# Cards are 16:9 (two widths for srcset), the article page keeps the
# picture's own shape, the social card is the 1.91:1 size Open Graph expects.
RENDITIONS = (
    Rendition("card-480", 480, 270),
    Rendition("card-960", 960, 540),
    Rendition("page-800", 800, None),
    Rendition("page-1200", 1200, None),
    # Search engines and Discover show large previews only of images 1,200 px wide or more.
    Rendition("social", 1200, 630, "JPEG", upscale=True),
)
# An author's portrait (square), a gallery's pictures (their own shape; a square thumbnail).
PORTRAITS = (Rendition("portrait-160", 160, 160), Rendition("portrait-320", 320, 320))
GALLERY = (
    Rendition("thumb-240", 240, 240),
    Rendition("page-800", 800, None),
    Rendition("page-1600", 1600, None),
)


def _open_checked(upload) -> tuple[Image.Image, str]:
    size = getattr(upload, "size", None)
    if size is not None and size > settings.IMAGE_MAX_BYTES:
        raise ValidationError(
            _("The file is too large (%(size)s MB); the limit is %(limit)s MB.")
            % {"size": round(size / 2**20, 1), "limit": settings.IMAGE_MAX_BYTES // 2**20},
            code="file_too_large",
        )
    upload.seek(0)
    data = upload.read()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            image_format = image.format
            if image_format not in FORMATS:
                raise ValidationError(
                    _("Unsupported image format %(format)s; use JPEG, PNG, WebP or GIF.") % {"format": image_format},
                    code="image_format",
                )
            width, height = image.size
            if width * height > settings.IMAGE_MAX_PIXELS:
                raise ValidationError(
                    _("The image has too many pixels (%(w)s×%(h)s); the limit is %(mp)s megapixels.")
                    % {"w": width, "h": height, "mp": settings.IMAGE_MAX_PIXELS // 1_000_000},
                    code="image_pixels",
                )
            frames = getattr(image, "n_frames", 1)
            if frames > settings.IMAGE_MAX_FRAMES:
                raise ValidationError(
                    _("The animation has too many frames (%(n)s); the limit is %(limit)s.")
                    % {"n": frames, "limit": settings.IMAGE_MAX_FRAMES},
                    code="image_frames",
                )
            image.load()
            # Pillow decodes the first frame lazily: make it decode every one
            # so a truncated later frame is caught here, not on a page.
            for index in range(1, frames):
                image.seek(index)
                image.load()
            image.seek(0)
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(
            _("The image has too many pixels; the limit is %(mp)s megapixels.")
            % {"mp": settings.IMAGE_MAX_PIXELS // 1_000_000},
            code="image_pixels",
        )
    except UnidentifiedImageError:
        raise ValidationError(_("The file is not an image: upload a JPEG, PNG, WebP or GIF."), code="invalid_image")
    except (OSError, ValueError, SyntaxError, EOFError):
        raise ValidationError(_("The image is damaged or truncated and cannot be used."), code="broken_image")
    return image, image_format


def validate_image(upload) -> None:
    """Model/form validator: raise ValidationError unless ``upload`` is acceptable.

    A file already in storage was checked when it was uploaded.
    """
    if getattr(upload, "_committed", False):
        return
    _open_checked(upload)
    upload.seek(0)


def _save(image: Image.Image, image_format: str, **options) -> bytes:
    out = io.BytesIO()
    if image_format == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    image.save(out, image_format, **options)
    return out.getvalue()


def _stripped(image: Image.Image) -> Image.Image:
    """A copy with the orientation applied and no metadata left in ``info``."""
    icc = image.info.get("icc_profile")
    clean = ImageOps.exif_transpose(image)
    clean.info = {"icc_profile": icc} if icc else {}
    return clean


def clean_image(upload) -> ContentFile:
    """Validate ``upload`` and return a re-encoded copy without metadata.

    The result's name keeps the upload's base name with the extension of the
    real format, so an HTML file named ``.jpg`` can never be stored as such.
    """
    image, image_format = _open_checked(upload)
    if getattr(image, "n_frames", 1) > 1 and image_format in ("GIF", "WEBP"):
        frames = []
        durations = []
        for index in range(image.n_frames):
            image.seek(index)
            frames.append(_stripped(image.convert("RGBA")))
            durations.append(image.info.get("duration", 100))
        data = _save(
            frames[0], image_format, save_all=True, append_images=frames[1:],
            duration=durations, loop=image.info.get("loop", 0),
        )  # fmt: skip
    else:
        clean = _stripped(image)
        options = {"JPEG": {"quality": 88, "optimize": True}, "WEBP": {"quality": 88}}
        icc = clean.info.get("icc_profile")
        extra = {"icc_profile": icc} if icc and image_format in ("JPEG", "PNG", "WEBP") else {}
        data = _save(clean, image_format, **options.get(image_format, {}), **extra)
    stem = (getattr(upload, "name", "") or "image").rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return ContentFile(data, name=f"{stem or 'image'}.{FORMATS[image_format]}")


def render(source: Image.Image, rendition: Rendition) -> tuple[bytes, int, int]:
    """One rendition of ``source``; never upscales."""
    image = source.convert("RGB")
    if rendition.height is None:
        width = min(rendition.width, image.width)
        height = max(1, round(image.height * width / image.width))
        image = image.resize((width, height), Image.Resampling.LANCZOS)
    else:
        box = (rendition.width, rendition.height)
        if image.width < box[0] and not rendition.upscale:
            scale = image.width / box[0]
            box = (image.width, max(1, round(box[1] * scale)))
        image = ImageOps.fit(image, box, Image.Resampling.LANCZOS)
    options = {"quality": 82}
    if rendition.format == "JPEG":
        options["optimize"] = True
        options["progressive"] = True
    return _save(image, rendition.format, **options), image.width, image.height


def make_renditions(file, renditions=RENDITIONS) -> list[tuple[Rendition, bytes, int, int]]:
    file.seek(0)
    with Image.open(file) as source:
        source.seek(0)
        return [(r, *render(source, r)) for r in renditions]


def store_renditions(field_file, renditions) -> dict:
    """Derive ``renditions`` of a stored image and store them beside it: {name: {name, width, height}}."""
    from django.core.files.storage import default_storage

    stem = posixpath.splitext(field_file.name)[0]
    stored = {}
    with field_file.open("rb") as file:
        for rendition, data, width, height in make_renditions(file, renditions):
            name = default_storage.save(
                f"renditions/{stem}-{rendition.name}.{FORMATS[rendition.format]}", ContentFile(data)
            )
            stored[rendition.name] = {"name": name, "width": width, "height": height}
    return stored
