"""Whether a reference field's id may be used in a document of this subject: a staff member of
the subject's organisation, a contact or an instrument response of the subject's client (of the
field's instrument, when it names one), a file attached to this document (or just uploaded by
whoever saves it), a signature of the organisation. `validation.clean` asks; a refused id reads
"this is not one you can choose here", so an id from another organisation says nothing about
what it is."""

from .definitions import FieldType as T


def resolver(subject, of, *, acting_user, document=None):
    organization_id = subject.organization_id(of)
    client = subject.client(of)

    def resolve(field, value: int) -> bool:
        if field.type == T.STAFF:
            from anxin.accounts.models import User

            return User.objects.filter(pk=value, is_active=True,
                                       _membership__organization_id=organization_id,
                                       _membership__is_active=True).exists()
        if field.type == T.CONTACT:
            from anxin.clients.models import Contact

            return client is not None and Contact.objects.filter(
                pk=value, organization_id=organization_id, client=client).exists()
        if field.type == T.INSTRUMENT_RESPONSE:
            from anxin.instruments.models import InstrumentResponse

            responses = InstrumentResponse.objects.filter(
                pk=value, organization_id=organization_id, client=client)
            if field.instrument:
                responses = responses.filter(instrument=field.instrument)
            return client is not None and responses.exists()
        if field.type == T.FILE:
            from .models import DocumentFile

            files = DocumentFile.objects.filter(pk=value, organization_id=organization_id)
            mine = files.filter(document__isnull=True, uploaded_by=acting_user)
            return (files.filter(document=document).exists() if document is not None
                    and document.pk else False) or mine.exists()
        if field.type == T.SIGNATURE:
            from anxin.cases.models import Signature

            return Signature.objects.filter(pk=value, organization_id=organization_id).exists()
        return False

    return resolve
