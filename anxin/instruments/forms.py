"""Forms generated from an instrument's definition.

The form only turns what the browser sends into values: every item field is optional and every
rule (what must be answered, what is in range) is the scoring's, applied by the action, whose
refusals are put next to the items they name.
"""

from django import forms
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from anxin.core.forms import StyledFormMixin, style_widgets

from . import registry
from .definitions import Instrument, Item
from .models import AttachTo

META_FIELDS = ("administered_on", "attach_to")


def _item_field(item: Item) -> forms.Field:
    field = _answer_field(item)
    field.optional = not item.required  # e.g. PHQ-9 item 10, asked but not scored
    return field


def _answer_field(item: Item) -> forms.Field:
    label = f"{item.number}. {item.text}" if item.number.isdigit() else str(item.text)
    if item.options:
        field = forms.TypedChoiceField(
            label=label, required=False, coerce=int, empty_value=None,
            choices=[(o.value, str(o.text)) for o in item.options], widget=forms.RadioSelect)
        # Answers that are mostly numbers or a word or two (1–10, 1–5) sit side by side even
        # on a phone; short phrases side by side on a wide screen; long ones always stack.
        texts = [str(o.text) for o in item.options]
        field.compact_options = 2 * sum(len(t) <= 3 for t in texts) >= len(texts)
        field.short_options = all(len(t) <= 12 for t in texts)
        return field
    return forms.CharField(
        label=label, required=False, max_length=20,
        help_text=_("A number from %(low)s to %(high)s.") % {"low": item.minimum,
                                                             "high": item.maximum},
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}))


class ResponseForm(StyledFormMixin, forms.Form):
    """One field per item, named by its code; with `attach_choices` not None (the worker's
    form), also the date given and the case form to attach to."""

    def __init__(self, definition: Instrument, *args, attach_choices=None, **kwargs):
        self.definition = definition
        self.with_meta = attach_choices is not None
        # Past the mixin's __init__: its styling runs once below, when the fields exist.
        super(StyledFormMixin, self).__init__(*args, **kwargs)
        if self.with_meta:
            self.fields["administered_on"] = forms.DateField(
                label=_("Date given"), initial=timezone.localdate,
                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
            self.fields["attach_to"] = forms.ChoiceField(
                label=_("Attach to"), required=False, widget=forms.RadioSelect,
                choices=[("", _("neither"))] + [
                    (value, label) for value, label in AttachTo.choices
                    if value in attach_choices])
        for item in definition.items:
            if item.code in self.fields:
                raise ImproperlyConfigured(f"item code {item.code!r} collides with a field")
            self.fields[item.code] = _item_field(item)
        style_widgets(self)

    def item_fields(self):
        return [self[item.code] for item in self.definition.items]

    def answers(self) -> dict:
        """Item code → value (None for a blank), for the action to check and score."""
        return {item.code: self.cleaned_data.get(item.code) for item in self.definition.items}


def instrument_choices(*, self_report_only: bool = False) -> list[tuple[str, str]]:
    instruments = [registry.latest(code) for code in registry.codes()]
    return [(i.code, str(i.name)) for i in instruments if i.self_report or not self_report_only]


class IssueLinkForm(StyledFormMixin, forms.Form):
    instrument = forms.ChoiceField(label=_("Instrument"))
    attach_to = forms.ChoiceField(label=_("Attach to"), required=False, widget=forms.RadioSelect)

    def __init__(self, *args, attach_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        # Only questionnaires the client answers; the action refuses the others too.
        self.fields["instrument"].choices = [("", "—")] + instrument_choices(
            self_report_only=True)
        self.fields["attach_to"].choices = [("", _("neither"))] + [
            (value, label) for value, label in AttachTo.choices if value in attach_choices]
