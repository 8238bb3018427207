"""Edit forms that carry the version they were read at, and come back merged after a conflict.

A form opened on version n posts `edit_version` n and `edit_base`, a signed snapshot of the
values it showed. When the action refuses the save (EditConflict), `merged_with` builds the
form again on the version saved now: a field the user left as it was takes the saved value; a
field the user changed keeps their entry, and where the other person changed it too both
values are listed for the user to review before saving again (ADR 0013).
"""

from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from .concurrency import NOT_YET_SAVED, EditConflict, merge, read_snapshot, sign_snapshot

OUT_OF_DATE = _("This page is out of date. Open the form again and redo your changes.")


@dataclass(frozen=True)
class ConflictField:
    """One line of the conflict summary: the field, the user's entry, the value saved
    meanwhile, and what the form now holds (`taken`: the saved value; else the user's)."""

    label: str
    yours: str
    saved: str
    taken: bool


@dataclass(frozen=True)
class ConflictNotice:
    saved_by: object
    saved_at: object
    fields: list[ConflictField]

    @property
    def to_review(self) -> list[ConflictField]:
        return [f for f in self.fields if not f.taken]

    @property
    def taken(self) -> list[ConflictField]:
        return [f for f in self.fields if f.taken]


class VersionedFormMixin(forms.Form):
    """Mix into an edit form. `tracked_fields` are compared on a conflict (all by default)."""

    edit_version = forms.IntegerField(required=False, min_value=0, initial=NOT_YET_SAVED,
                                      widget=forms.HiddenInput)
    edit_base = forms.CharField(required=False, widget=forms.HiddenInput)

    tracked_fields: tuple[str, ...] | None = None

    def __init__(self, *args, base_extra: dict | None = None, **kwargs):
        """`base_extra`: values the page edits outside this form (the plan's rows), to be
        carried in the snapshot with the form's own."""
        self._init_args = {k: v for k, v in kwargs.items() if k not in ("data", "initial")}
        super().__init__(*args, **kwargs)
        if not self.is_bound and "edit_base" not in self.initial and "edit_base" in self.fields:
            self.initial["edit_base"] = sign_snapshot({**self.initial_values(),
                                                       **(base_extra or {})})
        self.conflict: ConflictNotice | None = None
        self.edit_conflict: EditConflict | None = None

    @property
    def tracked(self) -> tuple[str, ...]:
        if self.tracked_fields is not None:
            return tuple(n for n in self.tracked_fields if n in self.fields)
        return tuple(n for n in self.fields if n not in ("edit_version", "edit_base"))

    def initial_values(self) -> dict:
        return self.as_cleaned({name: self.get_initial_for_field(self.fields[name], name)
                                for name in self.tracked})

    def as_cleaned(self, values: dict) -> dict:
        """Stored values as this form's fields would clean them (e.g. "True" from a yes/no
        choice is True), so they compare with what the user sent."""
        cleaned = {}
        for name, value in values.items():
            try:
                cleaned[name] = self.fields[name].clean(value) if name in self.fields else value
            except ValidationError:
                cleaned[name] = value
        return cleaned

    def clean(self):
        data = super().clean()
        # Forms and the API must say which version they read; a page without it (opened before
        # this check existed) is refused rather than saved blind.
        if "edit_version" in self.fields and data.get("edit_version") is None and \
                "edit_version" not in self.errors:
            self.add_error(None, OUT_OF_DATE)
        return data

    @property
    def read_version(self) -> int | None:
        return self.cleaned_data.get("edit_version")

    def mine(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.tracked}

    def display(self, name: str, value) -> str:
        """A value as the user reads it: a choice's label, a region's name, a date."""
        field = self.fields.get(name)
        if value in (None, "", []):
            return str(_("(empty)"))
        if isinstance(field, forms.BooleanField) or isinstance(value, bool):
            return str(_("Yes") if value else _("No"))
        if isinstance(field, forms.ModelChoiceField):
            if not hasattr(value, "pk"):
                value = field.queryset.filter(pk=value).first() or value
            return str(value)
        if isinstance(field, forms.ChoiceField):
            labels = {str(key): str(label) for key, label in field.choices}
            values = value if isinstance(value, list | tuple) else [value]
            return "、".join(labels.get(str(v), str(v)) for v in values)
        if hasattr(value, "isoformat"):
            return formats.localize(value)
        return str(value)

    def merged_with(self, exc: EditConflict, theirs: dict, *, current_version: int,
                    extra: dict | None = None) -> "VersionedFormMixin":
        """The form again, unbound, on `current_version` (whose values are `theirs`), holding
        the merge of the user's entries; `conflict` says what changed, field by field.

        `extra` adds values edited outside this form (e.g. the plan's rows) as
        {name: (label, mine, theirs, display)}; their merged values are in `merged_extra`."""
        base = read_snapshot(self.cleaned_data.get("edit_base") or "")
        mine = self.mine()
        theirs = self.as_cleaned({name: theirs.get(name) for name in mine})
        extra = extra or {}
        merged, taken, both = merge(
            mine={**mine, **{n: e[1] for n, e in extra.items()}}, base=base,
            theirs={**{n: theirs.get(n) for n in mine}, **{n: e[2] for n, e in extra.items()}})
        lines = []
        for name in [*taken, *both]:
            if name in extra:
                label, yours, saved, show = extra[name]
                lines.append(ConflictField(label, show(yours), show(saved), name in taken))
            else:
                label = self.fields[name].label
                lines.append(ConflictField(str(label), self.display(name, mine.get(name)),
                                           self.display(name, theirs.get(name)),
                                           name in taken))
        # Fields not compared (a reason for the change) come back as the user typed them.
        initial = {name: value for name, value in self.cleaned_data.items()
                   if name in self.fields and name not in ("edit_version", "edit_base")}
        initial.update({name: merged[name] for name in mine})
        initial["edit_version"] = current_version
        initial["edit_base"] = sign_snapshot({
            **{n: theirs.get(n) for n in mine}, **{n: e[2] for n, e in extra.items()}})
        form = type(self)(initial=initial, **self._init_args)
        form.edit_conflict = exc
        form.conflict = ConflictNotice(saved_by=exc.saved_by, saved_at=exc.saved_at,
                                       fields=lines)
        form.merged_extra = {name: merged[name] for name in extra}
        return form
