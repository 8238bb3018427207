"""The main menu, grouped so that every role's fits one line of a 1024-pixel screen."""

from dataclasses import dataclass, field

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

register = template.Library()


@dataclass
class NavItem:
    label: str
    url: str
    solo_label: str = ""  # the label when it is its group's only entry (a plain link)
    active: bool = False


@dataclass
class NavGroup:
    key: str
    label: str
    items: list[NavItem] = field(default_factory=list)

    @property
    def active(self) -> bool:
        return any(item.active for item in self.items)

    @property
    def solo(self) -> NavItem | None:
        """A group of one entry is shown as that entry: a menu of one is a needless click."""
        return self.items[0] if len(self.items) == 1 else None


def _items(path: str, entries) -> list[NavItem]:
    items = []
    for shown, url, label, *solo in entries:
        if not shown:
            continue
        items.append(NavItem(label=label, url=url, solo_label=solo[0] if solo else label,
                             active=bool(path) and path.startswith(url)))
    # /cases/queue/ lies under /cases/ too: only the closest entry is the current one.
    active = [item for item in items if item.active]
    if len(active) > 1:
        closest = max(active, key=lambda item: len(item.url))
        for item in active:
            item.active = item is closest
    return items


@register.simple_tag(takes_context=True)
def nav_groups(context) -> list[NavGroup]:
    """The groups of the user's menu from the capability flags of `nav`, in menu order; a
    group the user has nothing in is left out."""
    nav = context.get("nav") or {}
    request = context.get("request")
    path = request.path if request is not None else ""

    def url(name: str, shown) -> str:
        return reverse(name) if shown else ""

    groups = [
        NavGroup("casework", _("Casework"), _items(path, [
            (nav.get("cases"), url("cases:list", nav.get("cases")), _("Cases")),
            (nav.get("queue"), url("cases:queue", nav.get("queue")),
             _("Approvals and referrals")),
            (nav.get("visits"), url("visits:list", nav.get("visits")), _("Home visits")),
            (nav.get("alerts"), url("safety:alerts", nav.get("alerts")), _("Crisis alerts")),
        ])),
        NavGroup("clients", _("Clients"), _items(path, [
            (nav.get("clients"), url("clients:list", nav.get("clients")), _("All clients"),
             _("Clients")),
            (nav.get("client_create"), url("clients:create", nav.get("client_create")),
             _("Register a client")),
            (nav.get("jobs"), url("jobs:list", nav.get("jobs")), _("My jobs")),
        ])),
        NavGroup("community", _("Groups and community"), _items(path, [
            # Computed by accounts/context_processors.py for whoever reads group work.
            *((True, link, label) for link, label in nav.get("community_links") or ()),
        ])),
        NavGroup("rehab", _("Rehabilitation centre"), _items(path, [
            # Computed by accounts/context_processors.py from each REH app's menu.py.
            *((True, link, label) for link, label in nav.get("rehab_links") or ()),
        ])),
        NavGroup("organisation", _("Organisation"), _items(path, [
            # The staff administration's entries, as (address, label), computed by
            # accounts/context_processors.py for whoever may use them; they come first.
            *((True, link, label) for link, label in nav.get("org_admin_links") or ()),
            (nav.get("safety_settings"), url("safety:settings", nav.get("safety_settings")),
             _("Safety settings")),
            (nav.get("audit"), url("audit:list", nav.get("audit")), _("Audit log")),
        ])),
    ]
    return [group for group in groups if group.items]
