#!/usr/bin/env python
"""Screenshots of home for every demo role, and of the staff pages, in Chinese and English.

A developer's tool, not a test: it drives the Debian Chromium the browser tests use against a
server already running with the demo data (`make run`, or `manage.py load_demo` and
`runserver`), signs in as one demo user of each role and saves PNGs:

    home-<role>-<language>-<width>.png        home at 390, 1024 and 1280 px
    home-<role>-<language>-390-menu.png       the phone menu opened
    staff-<page>-<language>-<width>.png       /staff/, a member, /staff/compliance/ (org admin)

It also prints what it can find by itself: a menu entry broken over two lines, a menu on more
than one line, a page wider than the screen, Chinese text left on an English page. Look at the
pictures all the same.

    .venv/bin/python scripts/screenshots.py [--url http://127.0.0.1:8000] [OUT_DIR]

OUT_DIR defaults to a new temporary directory (outside the repository: never commit PNGs).
"""

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

from playwright.sync_api import sync_playwright  # noqa: E402

from anxin.accounts.choices import Role  # noqa: E402
from anxin.workspace.demo.loader import ORGANISATIONS, PASSWORD, VIEWERS  # noqa: E402
from anxin.workspace.testing.browser import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    _fontconfig_with_chinese,
)

WIDTHS = (390, 1024, 1280)
STAFF_WIDTHS = (390, 1280)
LANGUAGES = {"zh": "zh-hans", "en": "en"}

# What the page itself can tell: entries of the bar broken over lines, the bar on more than one
# row, a page wider than the window, and, on an English page, text the Chinese catalogue
# translates (a UI string left untranslated), outside what is marked lang="zh-…".
CHECKS = """([catalogue]) => {
  const found = [];
  const lines = (el) => {
    // Boxes of the text, top to bottom; a box starting below the last line's bottom opens a
    // new line (words of two sizes on one line overlap vertically).
    const range = document.createRange();
    range.selectNodeContents(el);
    const boxes = [...range.getClientRects()].filter((r) => r.width > 1)
      .sort((a, b) => a.top - b.top);
    let count = 0, bottom = -Infinity;
    for (const r of boxes) {
      if (r.top >= bottom - 2) { count += 1; bottom = r.bottom; }
      else bottom = Math.max(bottom, r.bottom);
    }
    return count;
  };
  const nav = document.querySelector('#main-nav');
  if (nav) {
    for (const el of nav.querySelectorAll('.navbar-brand, .nav-link, .btn')) {
      if (!el.offsetParent || !el.innerText.trim()) continue;  // hidden, or the bell's icon
      const n = lines(el);
      if (n > 1) found.push(`menu entry on ${n} lines: "${el.innerText.trim()}"`);
    }
    const bar = nav.querySelector('.container-lg') || nav;
    if (window.innerWidth >= 992 && bar.getBoundingClientRect().height > 64)
      found.push(`menu bar ${Math.round(bar.getBoundingClientRect().height)} px high ` +
                 `(more than one row)`);
  }
  const scroll = document.documentElement.scrollWidth;
  if (scroll > window.innerWidth + 1)
    found.push(`page ${scroll} px wide in a ${window.innerWidth} px window`);
  if (document.documentElement.lang.startsWith('en')) {
    const exact = new Set(catalogue), long = catalogue.filter((t) => t.length >= 4);
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const seen = new Set();
    while (walker.nextNode()) {
      const text = walker.currentNode.textContent.trim().replace(/\\s+/g, ' ');
      const el = walker.currentNode.parentElement;
      if (!/[\\u3400-\\u9fff]/.test(text) || !el || el.closest('[lang^="zh"], script, style'))
        continue;
      const hit = exact.has(text) ? text : long.find((t) => text.includes(t));
      if (hit) seen.add(`"${text.slice(0, 60)}" (catalogue: "${hit}")`);
    }
    for (const text of seen) found.push(`Chinese UI text on the English page: ${text}`);
  }
  return found;
}"""


def chinese_catalogue() -> list[str]:
    """The Chinese of every catalogue entry, cut at its placeholders: what an English page
    should not show. Read from the compiled catalogue (`compiletranslations`)."""
    import gettext
    import re

    mo = ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.mo"
    if not mo.exists():
        print(f"No {mo}: run scripts/setup.sh; English pages go unchecked.", file=sys.stderr)
        return []
    with mo.open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)._catalog
    pieces = set()
    for text in catalogue.values():
        for piece in re.split(r"%\(\w+\)[sd]|%[sd]|\{\{[^}]*\}\}|\n", str(text)):
            piece = piece.strip(" ：:，,。.、（）()·")
            if len(piece) >= 2 and re.search(r"[\u3400-\u9fff]", piece):
                pieces.add(piece)
    return sorted(pieces)


def demo_users(org_code: str) -> list[tuple[str, str]]:
    """(role, username): the first demo user of each role of the organisation, and the
    regional viewer of its city; in the order of `Role`."""
    org = next(o for o in ORGANISATIONS if o.code == org_code)
    first = {}
    for staff in org.staff:
        first.setdefault(staff.role, staff.username)
    viewer = next((v for v in VIEWERS if v.region[:4] == org.district[:4]), None)
    if viewer is not None:
        first.setdefault(Role.REGIONAL_VIEWER, viewer.username)
    missing = [r for r in Role.values if r not in first]
    if missing:
        print(f"No demo user of {org_code} for: {', '.join(missing)}", file=sys.stderr)
    return [(role, first[role]) for role in Role.values if role in first]


class Shooter:
    def __init__(self, browser, base_url: str, out: Path):
        self.browser, self.base_url, self.out = browser, base_url.rstrip("/"), out
        self.findings: list[str] = []
        self.catalogue = chinese_catalogue()
        self.saved: list[Path] = []

    def session(self, username: str, language: str):
        """A signed-in browser context speaking `language` (the switch's cookie)."""
        context = self.browser.new_context(viewport={"width": 1280, "height": 900},
                                           locale="zh-CN")
        context.add_cookies([{"name": "django_language", "value": LANGUAGES[language],
                              "url": self.base_url}])
        page = context.new_page()
        page.set_default_timeout(20_000)
        page.goto(f"{self.base_url}/accounts/login/")
        page.locator("#id_username").fill(username)
        page.locator("#id_password").fill(PASSWORD)
        with page.expect_navigation():
            page.locator("#login-submit").click()
        if page.url.rstrip("/") != self.base_url:
            raise SystemExit(f"{username} could not sign in (now at {page.url}): is the demo "
                             f"loaded, and its password {PASSWORD!r}?")
        return context, page

    def shoot(self, page, path: str, name: str, width: int, *, menu: bool = False) -> None:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{self.base_url}{path}")
        page.wait_for_load_state("networkidle")
        if menu:
            page.locator("#main-nav .navbar-toggler").click()
            page.locator("#nav.show").wait_for()
            page.wait_for_timeout(400)  # the collapse animation
        target = self.out / f"{name}.png"
        page.screenshot(path=str(target), full_page=True)
        self.saved.append(target)
        for finding in page.evaluate(CHECKS, [self.catalogue]):
            self.findings.append(f"{target.name}: {finding}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", nargs="?", type=Path,
                        help="directory for the PNGs (default: a new temporary directory)")
    parser.add_argument("--url", default="http://127.0.0.1:8000",
                        help="the running demo server (default %(default)s)")
    parser.add_argument("--org", default=ORGANISATIONS[0].code,
                        choices=[o.code for o in ORGANISATIONS],
                        help="whose demo staff sign in (default %(default)s)")
    args = parser.parse_args()
    out = args.out or Path(tempfile.mkdtemp(prefix="anxin-screenshots-"))
    out.mkdir(parents=True, exist_ok=True)
    if out.resolve().is_relative_to(ROOT):
        print(f"Note: {out} is inside the repository; do not commit the PNGs.", file=sys.stderr)

    users = demo_users(args.org)
    admin = dict(users).get(Role.ORG_ADMIN)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS,
            env={**os.environ, "FONTCONFIG_FILE": _fontconfig_with_chinese()})
        shooter = Shooter(browser, args.url, out)
        for language in LANGUAGES:
            for role, username in users:
                context, page = shooter.session(username, language)
                for width in WIDTHS:
                    shooter.shoot(page, "/", f"home-{role}-{language}-{width}", width)
                shooter.shoot(page, "/", f"home-{role}-{language}-390-menu", 390, menu=True)
                if role == Role.ORG_ADMIN:
                    page.set_viewport_size({"width": 1280, "height": 900})
                    page.goto(f"{shooter.base_url}/staff/")
                    member = page.locator("#staff-list tbody a").first.get_attribute("href")
                    for width in STAFF_WIDTHS:
                        for slug, path in (("directory", "/staff/"), ("member", member),
                                           ("compliance", "/staff/compliance/")):
                            shooter.shoot(page, path, f"staff-{slug}-{language}-{width}", width)
                context.close()
        browser.close()

    print(f"{len(shooter.saved)} screenshots in {out}")
    if admin is None:
        print("No org admin among the demo users: no staff pages.", file=sys.stderr)
    for finding in shooter.findings:
        print(f"  ! {finding}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
