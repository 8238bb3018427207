"""Printed forms A–G (CMH appendices): one PDF per form, in Chinese with its font inside,
signatures on their lines, behind the case's access rules, and on the audit trail."""

import io
import re

from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from anxin.audit.models import AuditEvent
from anxin.cases import actions, scenarios
from anxin.cases.models import (
    Assessment,
    Closure,
    Consent,
    Evaluation,
    ServicePlan,
    ServiceRecord,
)
from anxin.cases.printing.documents import FORMS, Boxes, UnknownBox
from anxin.cases.printing.render import render_pdf
from anxin.workspace.testing.cases import PersonaTestCase


def pdf_text(data: bytes) -> str:
    """The PDF's text with whitespace removed, so CJK runs compare whatever the spacing."""
    reader = PdfReader(io.BytesIO(data))
    return re.sub(r"\s+", "", "".join(page.extract_text() or "" for page in reader.pages))


def walk_resources(resources, seen=None):
    """Every font and image XObject dictionary in a page's resources, Form XObjects included."""
    seen = seen if seen is not None else set()
    if resources is None:
        return
    resources = resources.get_object()
    for font in (resources.get("/Font") or {}).values():
        yield font.get_object()
    for xobject in (resources.get("/XObject") or {}).values():
        if id(xobject.get_object()) in seen:
            continue
        seen.add(id(xobject.get_object()))
        xobject = xobject.get_object()
        if xobject.get("/Subtype") == "/Image":
            yield xobject
        elif xobject.get("/Subtype") == "/Form":
            yield from walk_resources(xobject.get("/Resources"), seen)


def pdf_objects(data: bytes) -> list:
    reader = PdfReader(io.BytesIO(data))
    return [obj for page in reader.pages for obj in walk_resources(page.get("/Resources"))]


class PrintingTestCase(PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        p = cls.p
        case = actions.do_open_case(p.client_a, acting_user=p.wang_fang, worker=p.wang_fang,
                                    supervisor=p.chen_min, source="sought_help",
                                    application_date=timezone.localdate())
        cls.case = scenarios.advance(case, "closed", worker=p.wang_fang, supervisor=p.chen_min)
        cls.documents = {
            "consent": Consent.objects.get(case=cls.case),
            "application": cls.case.application,
            "assessment": Assessment.objects.get(case=cls.case),
            "plan": ServicePlan.objects.get(case=cls.case),
            "service_record": ServiceRecord.objects.get(case=cls.case),
            "evaluation": Evaluation.objects.get(case=cls.case),
            "closure": Closure.objects.get(case=cls.case),
        }

    def url(self, code: str, document=None, case=None) -> str:
        document = document or self.documents[code]
        return reverse("cases:print", args=[(case or self.case).pk, code, document.pk])

    def get_as(self, user, url):
        self.client.force_login(user)
        return self.client.get(url)


class RenderTests(PrintingTestCase):
    def test_every_form_prints_its_title_and_the_clients_name(self):
        """Each of forms A–G renders to a PDF naming the client under the standard's title."""
        self.assertEqual(set(FORMS), set(self.documents))
        for code, document in self.documents.items():
            with self.subTest(code):
                data = render_pdf(self.case, code, document)
                self.assertTrue(data.startswith(b"%PDF-"))
                text = pdf_text(data)
                self.assertIn(FORMS[code].title, text)
                self.assertIn("张伟", text)
                self.assertIn(self.case.case_number, text)

    def test_the_forms_carry_what_was_recorded(self):
        """Free text, names and ticked answers reach the paper."""
        checks = {
            "consent": ["以人为本，助人自助", "口头知会", "书面协议", "王芳"],
            "application": ["希望改善睡眠", "申请途径", "13800000011"],
            "assessment": ["精神分裂症", "问题诊断", "服药依从性与社会功能下降"],
            "plan": ["稳定病情，恢复基本社会功能", "改善家庭沟通", "家庭关系协调", "服务确认",
                     "陈敏"],
            "service_record": ["了解近期服药与睡眠情况", "服务对象家中客厅", "50"],
            "evaluation": ["家访、电访、家庭会谈", "✓非常满意", "✓7", "社区活动参与尚不稳定"],
            "closure": ["服务目标基本达成", "✓目标达到", "结案后每月电话回访一次"],
        }
        for code, expected in checks.items():
            with self.subTest(code):
                text = pdf_text(render_pdf(self.case, code, self.documents[code]))
                for fragment in expected:
                    self.assertIn(fragment, text)

    def test_the_chinese_font_is_embedded_from_the_package(self):
        """The fonts come with the PDF (subset), so it reads on a machine with no Chinese font."""
        data = render_pdf(self.case, "consent", self.documents["consent"])
        fonts = [obj for obj in pdf_objects(data) if obj.get("/Type") == "/Font"]
        # e.g. "/DNMGWT+Noto-Serif-SC": a subset tag, then the family.
        names = {re.sub(r"[^A-Za-z]", "", str(font["/BaseFont"]).partition("+")[2])
                 for font in fonts}
        self.assertTrue(any("NotoSerifSC" in name for name in names), names)
        self.assertTrue(any("NotoSansSC" in name for name in names), names)
        for font in fonts:
            if "Noto" not in str(font["/BaseFont"]):
                continue
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            descriptor = descriptor.get_object()
            self.assertTrue({"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor),
                            f"{font['/BaseFont']} is not embedded")
        # Subset: the whole Noto Serif SC file is 11 MB.
        self.assertLess(len(data), 1_000_000)

    def test_a_drawn_signature_is_printed_on_its_line(self):
        """The client's signature image of a written consent is an image in the PDF."""
        consent = self.documents["consent"]
        self.assertIsNotNone(consent.client_signature_id)
        images = [obj for obj in pdf_objects(render_pdf(self.case, "consent", consent))
                  if obj.get("/Subtype") == "/Image"]
        self.assertTrue(images)

    def test_a_plan_prints_the_clients_signature_in_its_confirmation(self):
        plan = self.documents["plan"]
        images = [obj for obj in pdf_objects(render_pdf(self.case, "plan", plan))
                  if obj.get("/Subtype") == "/Image"]
        self.assertTrue(images)

    def test_the_form_is_chinese_whatever_the_interface_language(self):
        """An English-speaking user prints the standard's Chinese form."""
        with translation.override("en"):
            text = pdf_text(render_pdf(self.case, "closure", self.documents["closure"]))
        self.assertIn("个案服务结案表", text)
        self.assertIn("服务确认", text)

    def test_a_form_filled_in_only_in_part_prints_with_blanks(self):
        """A verbal consent and an undecided application print their empty lines and boxes."""
        case = actions.do_open_case(self.p.client_a2, acting_user=self.p.li_qiang,
                                    worker=self.p.li_qiang, source="referred",
                                    source_detail="居委会转介",
                                    application_date=timezone.localdate())
        consent = actions.do_record_consent(case, acting_user=self.p.li_qiang, data={
            "mode": "verbal", "exceptions_explained": True,
            "informed_on": timezone.localdate()})
        text = pdf_text(render_pdf(case, "consent", consent))
        self.assertIn("口头知会：李强", text)
        self.assertIn("刘秀英", text)
        text = pdf_text(render_pdf(case, "application", case.application))
        self.assertIn("居委会转介", text)
        self.assertIn("刘秀英", text)

    def test_a_box_a_form_does_not_have_fails_loudly(self):
        boxes = Boxes("yes", ("yes", "no"))
        self.assertIn("on", boxes["yes"])
        self.assertNotIn("on", boxes["no"])
        with self.assertRaises(UnknownBox):
            boxes["maybe"]


class PrintViewTests(PrintingTestCase):
    def test_it_sends_an_inline_pdf_named_after_the_case(self):
        consent = self.documents["consent"]
        response = self.get_as(self.p.wang_fang, self.url("consent"))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertEqual(response["Content-Disposition"],
                         f'inline; filename="{self.case.case_number}-consent-{consent.pk}.pdf"')
        self.assertTrue(response.content.startswith(b"%PDF-"))

    def test_printing_is_audited(self):
        """Who printed which form of whose file is on the record."""
        plan = self.documents["plan"]
        self.get_as(self.p.wang_fang, self.url("plan"))
        event = self.assert_audited("case.document.printed", actor=self.p.wang_fang,
                                    target=plan, client=self.p.client_a)
        self.assertEqual(event.data, {"case": self.case.pk, "code": "plan"})

    def test_the_application_is_found_by_its_own_id(self):
        application = self.documents["application"]
        response = self.get_as(self.p.wang_fang, self.url("application"))
        self.assertEqual(response.status_code, 200)
        self.assert_audited("case.document.printed", target=application)

    def test_anonymous_users_are_sent_to_log_in(self):
        response = self.client.get(self.url("consent"))
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("accounts:login"), response["Location"])
        self.assert_not_audited("case.document.printed")

    def test_who_may_print_the_case(self):
        """The case's worker and supervisor and the organisation-wide readers print; another
        organisation and a colleague without the case get a 404; a regional viewer, a 403."""
        expected = {"wang_fang": 200, "chen_min": 200, "admin_a": 200, "archivist_a": 200,
                    "quality_a": 200, "li_qiang": 404, "zhao_lei": 404, "viewer": 403}
        self.assertEqual(set(expected), set(self.p.all_users()))
        url = self.url("service_record")
        for name, user in self.p.all_users().items():
            with self.subTest(name):
                self.assertEqual(self.get_as(user, url).status_code, expected[name])
        printed_by = set(AuditEvent.objects.filter(action="case.document.printed")
                         .values_list("actor__username", flat=True))
        self.assertEqual(printed_by, {"wangfang", "chenmin", "admin_a", "archivist_a",
                                      "quality_a"})

    def test_a_document_of_another_case_is_not_found(self):
        """Even for someone who sees both cases, a form is printed only under its own case."""
        other = actions.do_open_case(self.p.client_a2, acting_user=self.p.li_qiang,
                                     worker=self.p.li_qiang, source="sought_help",
                                     application_date=timezone.localdate())
        consent = scenarios.consent(other, self.p.li_qiang, today=timezone.localdate())
        self.assertEqual(self.get_as(self.p.admin_a, self.url("consent", consent)).status_code,
                         404)
        self.assertEqual(self.get_as(self.p.admin_a, self.url("application", other.application))
                         .status_code, 404)
        self.assertEqual(self.get_as(self.p.admin_a, self.url("consent", consent, other))
                         .status_code, 200)

    def test_an_unknown_form_or_document_is_not_found(self):
        case_id = self.case.pk
        self.client.force_login(self.p.wang_fang)
        for url in (f"/cases/{case_id}/print/referral/1.pdf",
                    f"/cases/{case_id}/print/consent/999999.pdf",
                    f"/cases/999999/print/consent/{self.documents['consent'].pk}.pdf"):
            with self.subTest(url):
                self.assertEqual(self.client.get(url).status_code, 404)
        self.assert_not_audited("case.document.printed")
