"""What a notification says, by code: the words are chosen when it is read, not when it is sent.

A notification stores a message code and its parameters (codes and numbers, never a client's
name or health details: an e-mail copy leaves the system). The title and text are rendered in
the reader's language at display time, so a notice sent while the system spoke Chinese reads in
English for an English reader, and the other way round.

A parameter that is itself a code (an alert rule, a kind of form) is turned into words by the
message's `words` function for it, in the reader's language too. Apps register the messages they
send in their `ready()`; the ones about case forms, whose words need nothing but the catalogue,
are registered here.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Message:
    code: str
    title: Promise
    body: Promise | str = ""
    # Parameter name → function from the stored value to words in the active language.
    words: Mapping[str, Callable[[Any], str]] = field(default_factory=dict)
    # Nothing to do but read it (an approval): opening it closes it.
    informational: bool = False

    def _render(self, text, params: Mapping[str, Any]) -> str:
        text = str(text)
        if not text or not params:
            return text
        try:
            values = {name: self.words[name](value) if name in self.words else value
                      for name, value in params.items()}
            return text % values
        except (KeyError, TypeError, ValueError):
            # A parameter missing from (or malformed in) an old row must not break the page.
            return text

    def title_for(self, params: Mapping[str, Any]) -> str:
        return self._render(self.title, params)

    def body_for(self, params: Mapping[str, Any]) -> str:
        return self._render(self.body, params)


MESSAGES: dict[str, Message] = {}


def register(*messages: Message) -> None:
    for message in messages:
        MESSAGES[message.code] = message


def get(code: str) -> Message | None:
    return MESSAGES.get(code)


# --- Case forms D (plan) and G (closing), CMH-6.3 and CMH-G ----------------------------------

DOCUMENT_KINDS = {"plan": _("service plan (form D)"), "closure": _("closing form (form G)")}


def _document(kind: str) -> str:
    return str(DOCUMENT_KINDS.get(kind, kind))


DOCUMENT_WORDS = {"document": _document}

register(
    Message("cases.document.submitted", _("A %(document)s awaits your approval"),
            _("Case %(case)s: the client and the social worker have confirmed it. Approve it, "
              "or return it with your comments."), words=DOCUMENT_WORDS),
    Message("cases.document.returned", _("Your %(document)s was returned"),
            _("Case %(case)s: read the supervisor's comments, change the form and confirm it "
              "again."), words=DOCUMENT_WORDS),
    Message("cases.document.approved", _("Your %(document)s was approved"),
            _("Case %(case)s."), words=DOCUMENT_WORDS, informational=True),
)
