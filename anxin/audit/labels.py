"""Readable names of audit actions and of the records events point at.

Each app names its own events in a module `audit_labels.py` beside its `models.py`:

    ACTIONS = {"client.registered": _("Client registered"), ...}
    TARGETS = {"clients.client": TargetLabel(("file_number",)), ...}   # optional

The audit app imports every installed app's module when it is ready (`discover`), so the audit
log and its filter know an app's events without the audit app knowing the app. An action missing
everywhere is shown by its code; a target without a TargetLabel by its model's name and id.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import import_module

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import models
from django.utils.module_loading import module_has_submodule
from django.utils.text import capfirst

MODULE = "audit_labels"

# action code → label, filled by `discover` from each app's audit_labels module.
ACTION_LABELS: dict[str, object] = {}


@dataclass(frozen=True)
class TargetLabel:
    """How to name one model's records cheaply: the fields to load (`__` follows a foreign key,
    joined in the same query) and, optionally, how to turn the loaded record into text.

    Without `text`, the loaded values are joined with " · ". Never list an encrypted field or a
    client's name: the audit log names thousands of targets a page and must not decrypt them.
    """

    fields: tuple[str, ...]
    text: Callable[[models.Model], str] | None = None

    def describe(self, obj: models.Model) -> str:
        if self.text is not None:
            return self.text(obj)
        values = (_follow(obj, path) for path in self.fields)
        return " · ".join(str(v) for v in values if v not in (None, ""))


TARGET_LABELS: dict[str, TargetLabel] = {}
_sources: dict[str, str] = {}


def _follow(obj, path: str):
    for part in path.split("__"):
        if obj is None:
            return None
        obj = getattr(obj, part)
    return obj


def register(actions: dict | None = None, targets: dict | None = None, *, source: str) -> None:
    """Add one app's labels. Two apps naming the same action or model is a mistake in one of
    them: it fails at start-up, naming both."""
    for code, label in (actions or {}).items():
        _claim(f"action {code}", source)
        ACTION_LABELS[code] = label
    for model_label, target in (targets or {}).items():
        _claim(f"target {model_label}", source)
        TARGET_LABELS[model_label.lower()] = target


def _claim(key: str, source: str) -> None:
    if key in _sources and _sources[key] != source:
        raise ImproperlyConfigured(
            f"Audit {key} is labelled by both {_sources[key]} and {source}.")
    _sources[key] = source


def discover() -> None:
    """Register the ACTIONS and TARGETS of each installed app's audit_labels module."""
    for app_config in apps.get_app_configs():
        if not module_has_submodule(app_config.module, MODULE):
            continue
        module = import_module(f"{app_config.name}.{MODULE}")
        register(getattr(module, "ACTIONS", None), getattr(module, "TARGETS", None),
                 source=app_config.name)


def label_for(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


def action_choices() -> list[tuple[str, str]]:
    """For the audit filter: every known action, read when the form is built (after all apps
    have registered), ordered by its readable name in the current language."""
    return sorted(((code, str(label)) for code, label in ACTION_LABELS.items()),
                  key=lambda choice: choice[1])


@dataclass(frozen=True)
class TargetName:
    kind: str  # the model's verbose name, e.g. "家访"
    text: str  # the cheap label, e.g. "CDWH-2026-0001 · 2026-05-03 10:00", or "#3"


def describe_targets(events: Iterable) -> dict[tuple[str, str], TargetName]:
    """Readable names of the targets of `events`, keyed by (target_type, target_id).

    One query per kind of target present, however many events: the number of queries depends
    on how many kinds a page shows, never on how many rows it has.
    """
    wanted: dict[str, set[str]] = {}
    for event in events:
        if event.target_type and event.target_id:
            wanted.setdefault(event.target_type, set()).add(event.target_id)
    names: dict[tuple[str, str], TargetName] = {}
    for target_type, ids in wanted.items():
        try:
            model = apps.get_model(target_type)
        except (LookupError, ValueError):
            for target_id in ids:
                names[(target_type, target_id)] = TargetName(target_type, f"#{target_id}")
            continue
        kind = capfirst(str(model._meta.verbose_name))
        found = _load(model, TARGET_LABELS.get(target_type), ids)
        for target_id in ids:
            names[(target_type, target_id)] = TargetName(kind, found.get(target_id) or
                                                         f"#{target_id}")
    return names


def _load(model, target: TargetLabel | None, ids: set[str]) -> dict[str, str]:
    if target is None:
        return {}
    pks = []
    for raw in ids:
        try:
            pks.append(model._meta.pk.to_python(raw))
        except ValidationError:
            continue
    relations = sorted({path.rsplit("__", 1)[0] for path in target.fields if "__" in path})
    # Every step of a followed key must be loaded too, or only() and select_related() clash.
    steps = {"__".join(r.split("__")[:i]) for r in relations
             for i in range(1, r.count("__") + 2)}
    # The base manager: the events are already limited to the reader's organisation, and a
    # default manager may hide rows (archived, say) that the log must still name.
    rows = (model._base_manager.filter(pk__in=pks).select_related(*relations)
            .only(*target.fields, *steps))
    return {str(row.pk): target.describe(row) for row in rows}
