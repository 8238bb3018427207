"""A signature is kept only if it decodes as a PNG or JPEG, and what is kept is the image
re-encoded: no metadata, nothing appended, no more than MAX_SIDE pixels a side."""

import hashlib
import io
import zlib

from django.core.exceptions import ValidationError
from django.test import SimpleTestCase
from PIL import Image, PngImagePlugin

from anxin.cases import actions, scenarios
from anxin.cases.models import Signature
from anxin.cases.signature_images import (
    MAX_PIXELS,
    MAX_SIDE,
    NOT_AN_IMAGE,
    clean_signature_image,
)
from anxin.cases.tests.images import image_bytes
from anxin.cases.tests.test_documents import PLAN, ROW_1, SIGNED, DocumentTestCase

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def png_chunk(kind: bytes, body: bytes) -> bytes:
    return (len(body).to_bytes(4, "big") + kind + body
            + zlib.crc32(kind + body).to_bytes(4, "big"))


def png_with_text_and_tail() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "GPS 30.64N 104.04E")
    out = io.BytesIO()
    Image.new("RGB", (6, 3), "white").save(out, "PNG", pnginfo=info)
    return out.getvalue() + b"<script>alert(1)</script>"


class CleanSignatureImageTest(SimpleTestCase):
    def test_png_magic_bytes_that_are_no_image_are_refused(self):
        for data in (PNG_MAGIC + b"<?php system($_GET['c']); ?>",
                     PNG_MAGIC + png_chunk(b"IHDR", b"\0" * 13),
                     scenarios.BLANK_PNG[:40]):  # a real PNG cut short
            with self.subTest(data=data[:12]), self.assertRaises(ValidationError):
                clean_signature_image(data)

    def test_jpeg_magic_bytes_that_are_no_image_are_refused(self):
        with self.assertRaises(ValidationError):
            clean_signature_image(b"\xff\xd8\xff\xe0" + b"\0" * 64)

    def test_other_formats_are_refused_even_when_they_decode(self):
        for fmt in ("GIF", "BMP", "TIFF"):
            with self.subTest(fmt=fmt), self.assertRaises(ValidationError):
                clean_signature_image(image_bytes(fmt))

    def test_a_valid_png_loses_its_text_and_what_follows_its_end(self):
        data = png_with_text_and_tail()
        kept, content_type = clean_signature_image(data)
        self.assertEqual(content_type, "image/png")
        self.assertNotIn(b"GPS", kept)
        self.assertNotIn(b"tEXt", kept)
        self.assertNotIn(b"<script>", kept)
        self.assertTrue(kept.endswith(b"IEND\xaeB`\x82"))
        with Image.open(io.BytesIO(kept)) as image:
            self.assertEqual(image.size, (6, 3))
            self.assertEqual(image.info.get("Comment"), None)

    def test_a_jpeg_loses_its_exif(self):
        exif = Image.Exif()
        exif[0x010F] = "PhoneMaker"  # Make
        exif[0x9286] = "secret note"  # UserComment
        data = image_bytes("JPEG", exif=exif.tobytes())
        self.assertIn(b"PhoneMaker", data)
        kept, content_type = clean_signature_image(data)
        self.assertEqual(content_type, "image/jpeg")
        self.assertNotIn(b"PhoneMaker", kept)
        self.assertNotIn(b"Exif", kept)

    def test_a_sideways_scan_is_turned_upright_before_its_exif_goes(self):
        exif = Image.Exif()
        exif[0x0112] = 6  # Orientation: rotate 90° clockwise to display
        kept, _type = clean_signature_image(image_bytes("JPEG", size=(8, 4), exif=exif.tobytes()))
        with Image.open(io.BytesIO(kept)) as image:
            self.assertEqual(image.size, (4, 8))

    def test_a_large_image_is_scaled_to_the_cap(self):
        kept, _type = clean_signature_image(image_bytes("PNG", size=(MAX_SIDE * 2, 10)))
        with Image.open(io.BytesIO(kept)) as image:
            self.assertEqual(image.size[0], MAX_SIDE)

    def test_a_bitmap_too_large_to_unpack_is_refused_before_decoding(self):
        side = int(MAX_PIXELS ** 0.5) + 10
        ihdr = side.to_bytes(4, "big") * 2 + bytes([8, 2, 0, 0, 0])
        # A valid header for a huge image; the data never needs to be read.
        bomb = (PNG_MAGIC + png_chunk(b"IHDR", ihdr)
                + png_chunk(b"IDAT", zlib.compress(b"\0" * 1000)) + png_chunk(b"IEND", b""))
        with self.assertRaises(ValidationError) as caught:
            clean_signature_image(bomb)
        self.assertEqual(caught.exception.code, "too_many_pixels")


class SignatureKeptReencodedTest(DocumentTestCase):
    def setUp(self):
        super().setUp()
        case = self.case_in("planning")  # its consent is signed already
        self.plan = actions.do_save_plan(case, acting_user=self.p.wang_fang, data=dict(PLAN),
                                         rows=[ROW_1])

    def submit_plan(self, data: bytes):
        return actions.do_submit_for_approval(
            self.plan, acting_user=self.p.wang_fang, client_confirmed_on=SIGNED,
            client_signature=actions.SignedImage(data, "scan", "张伟"))

    def test_a_file_with_png_magic_that_is_no_image_is_refused_and_nothing_kept(self):
        before = Signature.objects.count()
        with self.assertRaises(ValidationError) as caught:
            self.submit_plan(PNG_MAGIC + b"not an image at all" * 10)
        self.assertEqual(caught.exception.message_dict["client_signature"],
                         [str(NOT_AN_IMAGE)])
        self.assertEqual(Signature.objects.count(), before)

    def test_a_valid_png_with_extra_data_is_kept_without_it(self):
        data = png_with_text_and_tail()
        signature = self.submit_plan(data).client_signature
        kept = bytes(signature.data)
        self.assertNotIn(b"<script>", kept)
        self.assertNotIn(b"GPS", kept)
        self.assertEqual(signature.content_type, "image/png")
        self.assertEqual(signature.sha256, hashlib.sha256(kept).hexdigest())
