"""Image files built in memory for upload tests."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def image_bytes(fmt="JPEG", size=(1600, 900), colour=(200, 30, 40), **save_options) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, fmt, **save_options)
    return out.getvalue()


def jpeg_with_metadata(size=(400, 200), orientation=6) -> bytes:
    """A JPEG with GPS, a camera model, a comment, XMP and a 90° rotation flag."""
    image = Image.new("RGB", size, (10, 120, 200))
    exif = Image.Exif()
    exif[0x0110] = "Secret Camera 3000"  # Model
    exif[0x0112] = orientation  # Orientation: 6 = rotate 90° clockwise
    exif[0x8825] = {1: "N", 2: (41.0, 18.0, 0.0), 3: "E", 4: (69.0, 16.0, 0.0)}  # GPS
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, comment=b"private note", xmp=b"<x:xmpmeta>secret</x:xmpmeta>")
    return out.getvalue()


def upload(data: bytes, name="photo.jpg", content_type="image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def animated_gif(frames: int, size=(20, 20)) -> bytes:
    images = [Image.new("RGB", size, (i % 256, (i * 7) % 256, 255 - i % 256)) for i in range(frames)]
    out = io.BytesIO()
    images[0].save(out, "GIF", save_all=True, append_images=images[1:], duration=50, loop=0)
    return out.getvalue()


def bomb_png(width=20_000, height=20_000) -> bytes:
    """A PNG that is tiny on disk but declares 400 megapixels."""
    out = io.BytesIO()
    Image.new("1", (width, height), 0).save(out, "PNG", optimize=True)
    return out.getvalue()
