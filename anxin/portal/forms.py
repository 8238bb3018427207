from django import forms
from django.utils.translation import gettext_lazy as _

from anxin.core.forms import StyledFormMixin
from anxin.instruments import scoring
from anxin.instruments.definitions import Instrument, Item

from .constants import PUBLIC_INSTRUMENTS
from .texts import SHORT_NAMES
from .validators import MOBILE, MOBILE_ERROR, normalise_mobile


def public_items(instrument: Instrument) -> list[Item]:
    """The scored questions. PHQ-9 item 10 (how difficult the problems made life) is optional,
    not scored, and its Chinese wording is an unverified descriptor, so the public form leaves it
    out rather than show a placeholder to someone in distress."""
    return [item for item in instrument.items if item.required]


class ContactFields(StyledFormMixin, forms.Form):
    """Name and mobile, kept only with the explicit "contact me" tick."""

    contact_consent = forms.BooleanField(label=_("Yes, please contact me"), required=False)
    contact_name = forms.CharField(
        label=_("What should we call you? (optional)"), required=False, max_length=32,
        help_text=_("A surname or a nickname is enough."),
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}))
    contact_phone = forms.CharField(
        label=_("Mobile number"), required=False, max_length=24,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel",
                                      "autocomplete": "tel-national"}))

    def clean_contact_phone(self):
        phone = normalise_mobile(self.cleaned_data.get("contact_phone", ""))
        if phone and not MOBILE.match(phone):
            raise forms.ValidationError(MOBILE_ERROR, code="invalid_mobile")
        return phone

    def clean_contact_name(self):
        return self.cleaned_data.get("contact_name", "").strip()

    def clean(self):
        cleaned = super().clean()
        consent = cleaned.get("contact_consent")
        given = cleaned.get("contact_phone") or cleaned.get("contact_name") \
            or "contact_phone" in self.errors
        if consent and not cleaned.get("contact_phone") and "contact_phone" not in self.errors:
            self.add_error("contact_phone", forms.ValidationError(
                _("Leave a mobile number so that we can call you."), code="phone_needed"))
        elif not consent and given:
            self.add_error("contact_consent", forms.ValidationError(
                _("You left contact details: tick this box if you would like to be contacted, "
                  "or clear the name and number."), code="consent_needed"))
        return cleaned

    contact_fields = ("contact_consent", "contact_name", "contact_phone")

    def contact_rows(self):
        return [self[name] for name in self.contact_fields]


class SelfAssessmentForm(ContactFields):
    """The questionnaire: one radio group per scored item, then optional contact details.

    `website` is the honeypot (hidden from people, filled by form-stuffing scripts); `started`
    the signed moment the form was shown. Both are checked by guard.py, not here.
    """

    website = forms.CharField(required=False, widget=forms.TextInput(
        attrs={"tabindex": "-1", "autocomplete": "off"}))
    started = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, instrument: Instrument, **kwargs):
        self.instrument = instrument
        self.items = public_items(instrument)
        super().__init__(*args, **kwargs)
        for item in self.items:
            self.fields[item.code] = forms.TypedChoiceField(
                label=str(item.text), required=False, coerce=int, empty_value=None,
                choices=[(o.value, str(o.text)) for o in item.options],
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}))
        self.order_fields([item.code for item in self.items])

    def clean(self):
        cleaned = super().clean()
        try:
            scoring.clean(self.instrument, self.answers(cleaned))
        except scoring.ScoringError as exc:
            for code, messages in exc.message_dict.items():
                if code in self.fields and code not in self.errors:
                    self.add_error(code, messages)
        return cleaned

    def sent(self) -> dict:
        """What the action takes: the answers and the contact fields."""
        return {"answers": self.answers(),
                **{name: self.cleaned_data[name] for name in self.contact_fields}}

    def answers(self, cleaned: dict | None = None) -> dict:
        cleaned = self.cleaned_data if cleaned is None else cleaned
        return {item.code: cleaned.get(item.code) for item in self.items}

    def item_rows(self):
        """(item, bound field) in order, for the template."""
        return [(item, self[item.code]) for item in self.items]

    def unanswered(self):
        """(number, message) for each question in error, for the summary at the top."""
        return [(item.number, self.errors[item.code][0]) for item in self.items
                if item.code in self.errors]


class ContactForm(ContactFields):
    """Contact details given after seeing the result: the tick is what the form is for."""

    def clean(self):
        if not self.cleaned_data.get("contact_consent"):
            self.add_error("contact_consent", forms.ValidationError(
                _("Tick this box so that we may contact you."), code="consent_needed"))
            return self.cleaned_data
        return super().clean()


PERIODS = (("30", _("Last 30 days")), ("90", _("Last 90 days")), ("365", _("Last 12 months")),
           ("all", _("All time")))


class StaffFilterForm(StyledFormMixin, forms.Form):
    instrument = forms.ChoiceField(
        label=_("Questionnaire"), required=False,
        choices=[("", _("Both questionnaires")),
                 *[(code, SHORT_NAMES[code]) for code in PUBLIC_INSTRUMENTS]])
    period = forms.ChoiceField(label=_("Period"), required=False, choices=PERIODS)
    # The review of those held back past the hourly alert limit (ADR 0014).
    held = forms.BooleanField(label=_("Only those held back by the alert limit"),
                              required=False)
