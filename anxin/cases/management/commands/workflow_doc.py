from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from anxin.cases.workflow.docs import render
from anxin.cases.workflow.pathways import PATHWAYS


class Command(BaseCommand):
    """Write docs/workflow.md from every registered pathway table, so the docs cannot drift."""

    help = "Render every registered case pathway to docs/workflow.md (Markdown + Mermaid)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", default=str(Path(settings.BASE_DIR) / "docs" / "workflow.md")
        )
        parser.add_argument(
            "--language",
            action="append",
            dest="languages",
            help="Label language, repeatable (e.g. --language zh-hans --language en). "
            "Default: en, which is what the committed file uses.",
        )
        parser.add_argument(
            "--check", action="store_true", help="Fail if the file is not up to date."
        )

    def handle(self, *args, output, languages, check, **options):
        text = render(PATHWAYS.values(), languages or ("en",))
        path = Path(output)
        if check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                raise CommandError(f"{path} is out of date: run manage.py workflow_doc")
            self.stdout.write(f"{path} is up to date.")
            return
        path.write_text(text, encoding="utf-8")
        self.stdout.write(f"Wrote {path} ({len(PATHWAYS)} pathway(s)).")
