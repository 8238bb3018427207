"""Real, tiny signature images for tests: the signature check decodes what it is given."""

import io

from PIL import Image

from anxin.cases import scenarios
from anxin.cases.signature_images import clean_signature_image


def image_bytes(fmt: str, size=(8, 4), color="white", **save) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, fmt, **save)
    return out.getvalue()


JPEG = image_bytes("JPEG")
# What is kept of the scenarios' blank drawn signature: the same pixels, re-encoded.
KEPT_PNG = clean_signature_image(scenarios.BLANK_PNG)[0]
KEPT_JPEG = clean_signature_image(JPEG)[0]
