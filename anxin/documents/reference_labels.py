"""How a reference field's value reads on the page and on paper: a colleague's name, a contact
with their relationship, an instrument response by its instrument, date and score — never the
bare id the document keeps."""

from .definitions import FieldType as T


def response_label(response) -> str:
    from anxin.instruments import registry as instruments

    try:
        name = str(instruments.get(response.instrument, response.version).name)
    except KeyError:
        name = response.instrument
    totals = " · ".join(f"{value}" for value in (response.totals or {}).values())
    return f"{name} · {response.administered_on:%Y-%m-%d}" + (f" · {totals}" if totals else "")


def contact_label(contact) -> str:
    return f"{contact.name}（{contact.relationship}）"


def label(field, value, *, organization_id: int) -> str:
    """The value of a staff, contact or instrument-response field as words; "" if it names
    nothing of the organisation (any longer)."""
    if value in (None, ""):
        return ""
    if field.type == T.STAFF:
        from anxin.accounts.models import User

        user = User.objects.filter(pk=value).only("full_name", "username").first()
        return str(user) if user else ""
    if field.type == T.CONTACT:
        from anxin.clients.models import Contact

        contact = (Contact.objects.filter(pk=value, organization_id=organization_id)
                   .only("name", "relationship").first())
        return contact_label(contact) if contact else ""
    if field.type == T.INSTRUMENT_RESPONSE:
        from anxin.instruments.models import InstrumentResponse

        response = (InstrumentResponse.objects.filter(pk=value, organization_id=organization_id)
                    .only("instrument", "version", "administered_on", "totals").first())
        return response_label(response) if response else ""
    return str(value)
