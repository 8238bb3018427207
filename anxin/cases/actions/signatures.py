"""Handwritten signatures and fingerprints on forms A, D and G, drawn on the pad or scanned.

A signature is not written on its own: the action recording the form it signs (consent,
confirmation of a plan or closing form) checks it with the rest of the form and stores it in
its own transaction, naming it in its audit event. A refused form leaves no signature row.
"""

import base64
import binascii
import hashlib
from dataclasses import dataclass
from functools import cached_property

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ..models import Signature
from ..signature_images import NOT_AN_IMAGE, clean_signature_image

MAX_SIGNATURE_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True)
class SignedImage:
    """A signature as it arrives, not yet kept: the image, how it was made (SignatureKind) and
    the name of the person who signed."""

    data: bytes
    kind: str
    signer_name: str = ""

    @cached_property
    def cleaned(self) -> tuple[bytes, str]:
        """The image decoded and re-encoded, and its content type: what is kept. Raises
        ValidationError if it is not a whole PNG or JPEG (signature_images)."""
        return clean_signature_image(self.data)


def signature_from_data_url(value: str) -> tuple[bytes, str]:
    """A drawn signature arrives from the canvas as `data:image/png;base64,…`."""
    header, _sep, encoded = (value or "").partition(",")
    if not header.startswith("data:image/") or ";base64" not in header:
        raise ValidationError(_("The signature could not be read; please sign again."))
    try:
        return base64.b64decode(encoded, validate=True), header[5:].split(";")[0]
    except (binascii.Error, ValueError):
        raise ValidationError(_("The signature could not be read; please sign again.")) from None


def check_signature(signed: SignedImage, errors: dict, *, signer_name: str | None = None,
                    field: str = "client_signature") -> None:
    """The image is a PNG or JPEG of reasonable size that decodes as one, and (unless the form
    names the signer itself: `signer_name`) the person who signed is named. Problems go in
    `errors`. The size is checked first, so no more than 2 MB is ever decoded."""
    if not signed.data:
        errors.setdefault(field, NOT_AN_IMAGE)
    elif len(signed.data) > MAX_SIGNATURE_BYTES:
        errors.setdefault(field, _("A signature image must be under 2 MB."))
    else:
        try:
            signed.cleaned  # noqa: B018 (decoding is the check)
        except ValidationError as exc:
            errors.setdefault(field, exc.messages[0])
    if signer_name is None and not (signed.signer_name or "").strip():
        errors.setdefault("signer_name", _("Enter the name of the person who signed."))


def store_signature(signed: SignedImage, *, acting_user, organization_id: int,
                    signer_name: str | None = None) -> Signature:
    """Keep a signature `check_signature` passed. Only the action recording the form it signs
    calls this, inside its transaction, and names the signature in its audit event. What is
    kept is the re-encoded image, and its digest is that image's; its organisation is the
    form's case's."""
    data, content_type = signed.cleaned
    return Signature.objects.create(
        kind=signed.kind, content_type=content_type, data=data,
        sha256=hashlib.sha256(data).hexdigest(),
        signer_name=(signer_name if signer_name is not None else signed.signer_name).strip(),
        uploaded_by=acting_user, organization_id=organization_id)


def audit_data(signature: Signature | None) -> dict:
    """What the signing action's audit event says of the signature: which, and its digest."""
    if signature is None:
        return {}
    return {"signature": signature.pk, "signature_sha256": signature.sha256}
