"""File fields: a photo uploaded with a document's page is kept, attached and shown, printed in
its box, and served only to those who may read the document; anything but a photo or a PDF is
refused naming the field, with nothing kept; references from another organisation or another
document are refused."""

import base64
from pathlib import PurePosixPath

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from anxin.documents.actions import DocumentInvalid, do_save_document
from anxin.documents.definitions import DocumentKind, Field, FieldType, Section
from anxin.documents.models import Document, DocumentFile
from anxin.documents.printing import render_html
from anxin.documents.registry import kinds
from anxin.instruments.definitions import Text

from .test_documents import DocumentTestCase

T = FieldType
# A 1×1 PNG, as any camera app's photo would be recognised: by its first bytes.
PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGA"
                       "hKmMIQAAAABJRU5ErkJggg==")

EVIDENCE = kinds.register(DocumentKind(
    code="trial_evidence", version=1, title=Text("佐证材料（测试）", "Evidence (test)"),
    clause="CMH-8.3", subject="case",
    sections=(Section("evidence", Text("材料", "Evidence"), (
        Field("scan", T.FILE, Text("签字页扫描件", "Signed page"), required=True),
        Field("by", T.STAFF, Text("经办人", "Handled by")),
        Field("photos", T.TABLE, Text("照片", "Photos"), sensitive=False, columns=(
            Field("photo", T.FILE, Text("照片", "Photo"), required=True),
            Field("caption", T.TEXT, Text("说明", "Caption"), sensitive=False),
        )),
    )),)))


def photo(name="photo.png", content=PNG, content_type="image/png"):
    return SimpleUploadedFile(name, content, content_type)


def stored(path="documents") -> list[str]:
    """Every file kept under `path` of the storage (in memory for the tests)."""
    if not default_storage.exists(path):
        return []
    folders, files = default_storage.listdir(path)
    return [*(f"{path}/{f}" for f in files),
            *(name for folder in folders for name in stored(f"{path}/{folder}"))]


class FileFieldTests(DocumentTestCase):
    def setUp(self):
        super().setUp()
        self.before = set(stored())

    def stored(self) -> list[str]:
        return sorted(set(stored()) - self.before)

    def test_a_photo_uploaded_with_the_page_is_kept_shown_printed_and_served(self):
        self.client.force_login(self.p.wang_fang)
        url = reverse("documents:new", args=[self.case.pk, "trial_evidence"])
        response = self.client.post(url, {"scan": photo("scan.png"),
                                          "photos-1-photo": photo("room.png"),
                                          "photos-1-caption": "活动现场"})
        document = Document.objects.get()
        self.assertRedirects(response, reverse("documents:detail", args=[document.pk]))
        scan, room = DocumentFile.objects.order_by("pk")
        self.assertEqual(document.data, {"scan": scan.pk, "photos": [
            {"photo": room.pk, "caption": "活动现场"}]})
        self.assertEqual({(f.document_id, f.content_type) for f in (scan, room)},
                         {(document.pk, "image/png")})
        page = self.client.get(reverse("documents:detail", args=[document.pk]))
        self.assertContains(page, reverse("documents:file", args=[room.pk]))
        served = self.client.get(reverse("documents:file", args=[room.pk]))
        self.assertEqual((served["Content-Type"], b"".join(served.streaming_content)),
                         ("image/png", PNG))
        self.assert_audited("document.file_read", actor=self.p.wang_fang, target=document)
        self.assertIn("data:image/png;base64,", render_html(document))
        for outsider in (self.p.zhao_lei, self.p.li_qiang):
            self.client.force_login(outsider)
            self.assertEqual(self.client.get(reverse("documents:file", args=[room.pk]))
                             .status_code, 404)

    def test_anything_but_a_photo_or_a_pdf_is_refused_and_nothing_is_kept(self):
        self.client.force_login(self.p.wang_fang)
        url = reverse("documents:new", args=[self.case.pk, "trial_evidence"])
        response = self.client.post(url, {
            "scan": photo("scan.jpg", b"#!/bin/sh\necho not a photo", "image/jpeg"),
            "photos-1-photo": photo("room.png")})
        self.assertContains(response, 'data-field-error="scan"')
        self.assertContains(response, "签字页扫描件")
        self.assertFalse(Document.objects.exists())
        self.assertFalse(DocumentFile.objects.exists())
        self.assertEqual(self.stored(), [])  # the accepted photo went with the refusal
        do_save_document(self.case, "trial_evidence", {}, acting_user=self.p.wang_fang,
                         uploads={"scan": photo()})
        self.assertEqual(len(self.stored()), 1)  # (and a kept one is seen here)

    def test_replacing_a_file_deletes_the_one_it_replaces(self):
        first = do_save_document(self.case, "trial_evidence", {}, acting_user=self.p.wang_fang,
                                 uploads={"scan": photo("one.png")})
        old = DocumentFile.objects.get()
        self.client.force_login(self.p.wang_fang)
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(reverse("documents:edit", args=[first.pk]),
                             {"scan": photo("two.png")})
        new = DocumentFile.objects.get()
        self.assertNotEqual(new.pk, old.pk)
        self.assertEqual(Document.objects.get().data["scan"], new.pk)
        self.assertEqual(self.stored(), [new.file.name])
        self.assertTrue(PurePosixPath(new.file.name).name.startswith("two"))

    def test_references_from_elsewhere_are_refused(self):
        other = do_save_document(self.case, "trial_evidence", {},
                                 acting_user=self.p.wang_fang, uploads={"scan": photo()})
        their_file = DocumentFile.objects.get().pk
        with self.assertRaises(DocumentInvalid) as caught:
            do_save_document(self.case, "trial_evidence",
                             {"scan": their_file, "by": self.p.zhao_lei.pk},
                             acting_user=self.p.wang_fang)
        self.assertEqual(sorted(p.path for p in caught.exception.problems), ["by", "scan"])
        do_save_document(self.case, "trial_evidence", {"scan": their_file,
                                                        "by": self.p.chen_min.pk},
                         acting_user=self.p.wang_fang, document=other)


AGREEMENT = kinds.register(DocumentKind(
    code="trial_agreement", version=1, title=Text("服务协议（测试）", "Agreement (test)"),
    clause="CMH-6.1", subject="case", confirmed_by=("client_signature",),
    sections=(Section("agreement", Text("协议", "Agreement"), (
        Field("terms", T.LONG_TEXT, Text("服务内容", "Services"), required=True),
        Field("client_signature", T.SIGNATURE, Text("服务对象签名", "Client's signature")),
    )),)))


class SignatureFieldTests(DocumentTestCase):
    """A kind's `confirmed_by` names the signatures it is submitted with; a signature is drawn
    on the page's pad (the one of forms A–G) with the signer's name, kept as forms A–G keep
    theirs, and printed on its line."""

    def test_it_is_submitted_only_once_signed(self):
        from anxin.cases.models import Signature
        from anxin.cases.scenarios import BLANK_PNG

        self.client.force_login(self.p.wang_fang)
        new = reverse("documents:new", args=[self.case.pk, "trial_agreement"])
        self.assertContains(self.client.get(new), "data-signature-pad")
        self.client.post(new, {"terms": "每周一次面谈"})
        document = Document.objects.get()
        response = self.client.post(reverse("documents:submit", args=[document.pk]),
                                    follow=True)
        self.assertContains(response, "服务对象签名")
        document.refresh_from_db()
        self.assertEqual(document.status, "draft")
        drawn = "data:image/png;base64," + base64.b64encode(BLANK_PNG).decode()
        refused = self.client.post(reverse("documents:edit", args=[document.pk]), {
            "terms": "每周一次面谈", "client_signature__drawn": drawn})
        self.assertContains(refused, 'data-field-error="client_signature__signer"')
        self.assertFalse(Signature.objects.exists())
        self.client.post(reverse("documents:edit", args=[document.pk]), {
            "terms": "每周一次面谈", "client_signature__drawn": drawn,
            "client_signature__signer": "张伟"})
        signature = Signature.objects.get()
        document.refresh_from_db()
        self.assertEqual((document.data["client_signature"], signature.signer_name),
                         (signature.pk, "张伟"))
        self.client.post(reverse("documents:submit", args=[document.pk]))
        document.refresh_from_db()
        self.assertEqual(document.status, "completed")
        html = render_html(document)
        self.assertIn("张伟", html)
        self.assertIn("data:image/png;base64,", html)

    def test_a_definition_confirmed_by_a_field_that_is_not_a_signature_is_refused(self):
        from anxin.documents.definitions import DefinitionError

        with self.assertRaises(DefinitionError):
            DocumentKind(code="bad", version=1, title=Text("坏", "Bad"), clause="", subject="case",
                         confirmed_by=("terms",), sections=AGREEMENT.sections).check()
