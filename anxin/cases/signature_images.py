"""A signature image is decoded and written anew before it is kept.

Checking the first bytes only let through anything that starts like a PNG or JPEG — a script,
a polyglot file, a photo with its GPS position in EXIF. Decoding proves the upload is an image;
re-encoding keeps only its pixels, so metadata (EXIF, text chunks, ICC profiles) and whatever
was appended after the image end are dropped; the size is capped so a small file cannot unpack
into an enormous bitmap (a decompression bomb) and a phone photo of the page stays printable.
"""

import io

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg"}
# Refused before decoding: more pixels than any scan of an A4 page at 600 dpi (~35 million).
MAX_PIXELS = 40_000_000
# Kept at most this many pixels a side: an A4 page at 300 dpi is 2480 × 3508.
MAX_SIDE = 3508
JPEG_QUALITY = 90

NOT_AN_IMAGE = _("A signature must be a PNG or JPEG image.")


def clean_signature_image(data: bytes) -> tuple[bytes, str]:
    """The image re-encoded without metadata, at most MAX_SIDE a side, and its content type.
    Raises ValidationError for anything that does not decode as a whole PNG or JPEG."""
    try:
        with Image.open(io.BytesIO(data), formats=list(FORMATS)) as source:
            kind = source.format
            width, height = source.size
            if width * height > MAX_PIXELS:
                raise ValidationError(_("A signature image may have at most %(limit)s million "
                                        "pixels.") % {"limit": MAX_PIXELS // 1_000_000},
                                      code="too_many_pixels")
            source.load()  # decodes every byte: a truncated or corrupt image fails here
            # A phone's scan is often stored sideways with an EXIF turn: turn the pixels
            # themselves, since the EXIF goes.
            image = ImageOps.exif_transpose(source)
    except ValidationError:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError,
            ValueError, EOFError):
        raise ValidationError(NOT_AN_IMAGE, code="not_an_image") from None
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    image.info = {}
    out = io.BytesIO()
    if kind == "PNG":
        if image.mode not in ("1", "L", "LA", "RGB", "RGBA"):
            image = image.convert("RGBA")
        image.save(out, "PNG", optimize=True)
    else:
        if image.mode not in ("L", "RGB"):
            image = image.convert("RGB")
        image.save(out, "JPEG", quality=JPEG_QUALITY)
    return out.getvalue(), FORMATS[kind]
