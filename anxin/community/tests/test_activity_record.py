"""An activity's record with photos (社区活动记录, CMH-7.1) is a document-engine kind whose subject
is the activity: written from the activity's page with a photo, printed with the photo in its
box, read through the documents API, and for the organisation's community readers only."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from anxin.community.kinds import ACTIVITY_RECORD
from anxin.documents.models import Document, DocumentFile
from anxin.documents.printing import render_html
from anxin.documents.tests.test_files import PNG
from anxin.workspace.testing.cases import PersonaTestCase

from .helpers import record_activity


class ActivityRecordTests(PersonaTestCase):
    def setUp(self):
        self.activity = record_activity(self.p.wang_fang)

    def test_the_record_is_written_with_a_photo_and_printed(self):
        self.client.force_login(self.p.wang_fang)
        page = self.client.get(self.activity.get_absolute_url())
        new = reverse("documents:new_for", args=["activity", self.activity.pk, ACTIVITY_RECORD])
        self.assertContains(page, new)
        response = self.client.post(new, {
            "aims": "普及精神卫生知识", "process": "讲座与答疑", "achieved": "met",
            "photos-1-photo": SimpleUploadedFile("lecture.png", PNG, "image/png"),
            "photos-1-caption": "讲座现场"})
        document = Document.objects.get(activity=self.activity)
        self.assertRedirects(response, reverse("documents:detail", args=[document.pk]))
        photo = DocumentFile.objects.get(document=document)
        self.assertEqual(document.data["photos"], [{"photo": photo.pk, "caption": "讲座现场"}])
        html = render_html(document)
        for text in ("社区活动记录", "心理健康知识讲座", "浆洗街社区活动中心", "居民30人",
                     "data:image/png;base64,", "讲座现场"):
            self.assertIn(text, html)
        self.assertContains(self.client.get(self.activity.get_absolute_url()),
                            reverse("documents:detail", args=[document.pk]))
        listed = self.client.get(f"/api/v1/documents/?activity={self.activity.pk}")
        self.assertEqual([d["id"] for d in listed.json()["results"]], [document.pk])

    def test_who_writes_and_reads_it(self):
        new = reverse("documents:new_for", args=["activity", self.activity.pk, ACTIVITY_RECORD])
        expected = {"wang_fang": 200, "li_qiang": 200, "chen_min": 200, "admin_a": 403,
                    "archivist_a": 403, "quality_a": 403, "zhao_lei": 404, "viewer": 403}
        for name, user in self.p.all_users().items():
            with self.subTest(user=name):
                self.client.force_login(user)
                self.assertEqual(self.client.get(new).status_code, expected[name])
