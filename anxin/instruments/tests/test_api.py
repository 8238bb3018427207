"""The stateless instruments API: definitions, and scoring that stores and audits nothing."""

from django.urls import reverse
from rest_framework.test import APIClient

from anxin.accounts.models import ApiToken
from anxin.audit.models import AuditEvent
from anxin.instruments import registry
from anxin.instruments.models import ClientLink, InstrumentResponse
from anxin.workspace.testing.cases import PersonaTestCase


class InstrumentApiTest(PersonaTestCase):
    client_class = APIClient

    def setUp(self):
        self.client.force_authenticate(self.p.wang_fang)

    def score(self, code, answers, **extra):
        return self.client.post(reverse("instrument-score", args=[code]), {"answers": answers},
                                format="json", **extra)

    def test_it_lists_every_instrument_with_items_scales_bands_and_flags(self):
        response = self.client.get(reverse("instrument-list"))
        self.assertEqual(response.status_code, 200)
        body = response.json()
        self.assertEqual([i["code"] for i in body], list(registry.codes()))
        phq9 = next(i for i in body if i["code"] == "phq9")
        self.assertEqual((phq9["version"], phq9["loinc"]), (1, "44249-1"))
        self.assertEqual(phq9["name"]["zh"], "患者健康问卷-9（PHQ-9）")
        self.assertTrue(phq9["answers_as_list"])
        item_9 = phq9["items"][8]
        self.assertEqual((item_9["code"], item_9["loinc"]), ("item_9", "44260-8"))
        self.assertEqual(item_9["options"][0], {"value": 0, "text": {"zh": "完全不会",
                                                                     "en": "Not at all"},
                                                "loinc": "LA6568-5", "excluded": False})
        total = phq9["scales"][0]
        self.assertEqual((total["low"], total["high"], total["better"]), (0, 27, "lower"))
        self.assertEqual([b["code"] for b in total["bands"]],
                         ["minimal", "mild", "moderate", "moderately_severe", "severe"])
        self.assertEqual(phq9["flags"][0]["when_any"], [{"item": "item_9", "values": [1, 2, 3]}])
        bmi = next(i for i in body if i["code"] == "bmi")
        self.assertEqual(bmi["scales"][0]["bands"][1]["low"], "18.5")
        self.assertEqual(bmi["items"][0]["minimum"], "20")
        self.assertFalse(bmi["answers_as_list"])

    def test_it_reads_one_definition_and_answers_404_for_an_unknown_code(self):
        response = self.client.get(reverse("instrument-detail", args=["satisfaction_f"]))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["items"][1]["text"]["zh"], "您对社会工作者的表现满意吗？")
        for method, name in ((self.client.get, "instrument-detail"),
                             (self.client.post, "instrument-score")):
            response = method(reverse(name, args=["nope"]), {"answers": {}}, format="json")
            self.assertEqual((response.status_code, response.json()["error"]["code"]),
                             (404, "not_found"))

    def test_it_scores_an_object_of_answers_and_stores_nothing(self):
        events = AuditEvent.objects.count()
        response = self.score("phq9", {f"item_{n}": 2 for n in range(1, 10)})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json(), {
            "instrument": "phq9", "version": 1, "totals": {"total": 18},
            "bands": {"total": {"code": "moderately_severe",
                                "text": {"zh": "中重度", "en": "Moderately severe"}}},
            "flags": [{"code": "self_harm_thoughts",
                       "text": {"zh": "第9题（自伤想法）得分≥1：需立即跟进",
                                "en": "Item 9 (thoughts of self-harm) scored 1 or more: "
                                      "follow up immediately"},
                       "clause": "PHQ-9 item 9 ≥ 1; PSY-measure-7"}]})
        self.assertFalse(InstrumentResponse.objects.exists())
        self.assertFalse(ClientLink.objects.exists())
        self.assertEqual(AuditEvent.objects.count(), events)

    def test_it_takes_a_list_for_an_instrument_numbered_in_order(self):
        response = self.score("phq9", [0, 1, 2, 3, 0, 1, 2, 0, 0])
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["totals"], {"total": 9})
        self.assertEqual(response.json()["flags"], [])
        response = self.score("risk_level", [3])
        self.assertEqual(response.status_code, 400)
        self.assertIn("answers", response.json()["error"]["fields"])

    def test_decimal_scores_come_back_as_exact_strings(self):
        response = self.score("bmi", {"weight_kg": 70, "height_cm": "170.5"})
        self.assertEqual(response.json()["totals"], {"bmi": "24.1"})
        response = self.score("whoqol_bref", {f"item_{n}": 3 for n in range(1, 27)})
        self.assertEqual(response.json()["totals"]["physical_100"], "50.00")

    def test_it_refuses_with_each_offending_item_named(self):
        answers = {f"item_{n}": 1 for n in range(1, 10)} | {"item_3": 4, "item_12": 0}
        del answers["item_5"]
        response = self.score("phq9", answers, HTTP_ACCEPT_LANGUAGE="en")
        self.assertEqual(response.status_code, 400)
        error = response.json()["error"]
        self.assertEqual(error["code"], "validation_error")
        self.assertEqual(set(error["fields"]), {"item_3", "item_5", "item_12"})
        self.assertIn("4 is not an allowed answer", error["fields"]["item_3"][0]["message"])
        self.assertEqual(self.score("phq9", [1] * 11).json()["error"]["fields"].keys(),
                         {"item_11"})
        self.assertEqual(self.score("phq9", "1,2,3").status_code, 400)
        self.assertFalse(InstrumentResponse.objects.exists())

    def test_any_signed_in_role_may_use_it_but_not_anonymous_callers(self):
        for name, user in self.p.all_users().items():
            with self.subTest(user=name):
                self.client.force_authenticate(user)
                self.assertEqual(self.client.get(reverse("instrument-list")).status_code, 200)
        self.client.force_authenticate(None)
        self.assertEqual(self.client.get(reverse("instrument-list")).status_code, 401)
        self.assertEqual(self.score("phq9", [0] * 9).status_code, 401)

    def test_a_device_token_works(self):
        _token, key = ApiToken.objects.create(user=self.p.zhao_lei, name="device")
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        response = client.post(reverse("instrument-score", args=["gad7"]),
                               {"answers": [3, 3, 3, 3, 3, 0, 0]}, format="json")
        self.assertEqual((response.status_code, response.json()["bands"]["total"]["code"]),
                         (200, "severe"))
