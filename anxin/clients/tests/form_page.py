"""Read a rendered form back into the data a browser would post, hidden inputs included."""

from html.parser import HTMLParser


class _FormReader(HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms: list[dict[str, list[str]]] = []
        self._form: dict[str, list[str]] | None = None
        self._textarea: str | None = None
        self._select: str | None = None
        self._option: str | None = None
        self._option_selected = False

    def _add(self, name, value):
        self._form.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = {}
            self.forms.append(self._form)
            return
        if self._form is None:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self._add(name, attrs.get("value", "on"))
            elif kind not in ("submit", "button", "file"):
                self._add(name, attrs.get("value") or "")
        elif tag == "textarea" and name:
            self._textarea = name
            self._add(name, "")
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select:
            self._option = attrs.get("value", "")
            self._option_selected = "selected" in attrs

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "option" and self._select and self._option is not None:
            if self._option_selected:
                self._add(self._select, self._option)
            self._option = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea and self._form is not None:
            # Browsers drop the newline that follows <textarea>.
            current = self._form[self._textarea]
            current[-1] = (current[-1] + data) if current[-1] else data.removeprefix("\n")


def form_data(response, *, containing: str = "edit_version") -> dict:
    """The fields of the page's form that holds `containing`, as a browser would post them
    unchanged: one value as a string, several (ticked boxes) as a list."""
    reader = _FormReader()
    reader.feed(response.content.decode())
    for form in reader.forms:
        if containing in form:
            form.pop("csrfmiddlewaretoken", None)
            return {name: values if len(values) > 1 else values[0]
                    for name, values in form.items()}
    raise AssertionError(f"no form with {containing!r} on the page")
