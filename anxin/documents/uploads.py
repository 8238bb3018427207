"""What a document's file field accepts: photos (JPEG, PNG, WebP) and PDF scans, up to 10 MB,
recognised by their first bytes rather than by the name or type the browser sends, so a page
never serves back something else as an image."""

from django.utils.translation import gettext as _

MAX_BYTES = 10 * 1024 * 1024
SIGNATURES = (
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"%PDF-", "application/pdf"),
)


def sniff(head: bytes) -> str | None:
    for magic, content_type in SIGNATURES:
        if head.startswith(magic):
            return content_type
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return None


def check(upload) -> tuple[str | None, str]:
    """(content type, "") for an acceptable upload, (None, why not) otherwise."""
    if upload.size > MAX_BYTES:
        return None, _("the file is larger than 10 MB.")
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    content_type = sniff(head)
    if content_type is None:
        return None, _("only photos (JPEG, PNG, WebP) and PDF files can be attached.")
    return content_type, ""
