"""Validation shared by the form, the API serializer and the actions."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import identity
from .choices import PopulationCategory, Sex

REQUIRED = ("name",)


def clean_client_data(data: dict) -> dict:
    """Normalise and check one client's fields; derive birth date and sex from the ID number.

    Returns the cleaned dict, or raises ValidationError mapping each field to its message.
    """
    data = dict(data)
    errors: dict[str, ValidationError] = {}
    if not (data.get("name") or "").strip():
        errors["name"] = ValidationError(_("Enter the client's name."), code="required")
    else:
        data["name"] = data["name"].strip()

    raw_id = data.get("id_number") or ""
    if raw_id:
        try:
            resident = identity.parse(raw_id)
        except ValidationError as exc:
            errors["id_number"] = exc
        else:
            data["id_number"] = resident.number
            errors.update(identity.check_consistency(
                resident, birth_date=data.get("birth_date"), sex=data.get("sex")))
            data["birth_date"] = data.get("birth_date") or resident.birth_date
            data["sex"] = data.get("sex") or resident.sex
    if not data.get("birth_date") and "id_number" not in errors:
        errors["birth_date"] = ValidationError(
            _("Enter the birth date, or an ID number to derive it from."), code="required")
    if not data.get("sex") and "id_number" not in errors:
        errors["sex"] = ValidationError(
            _("Choose the sex, or enter an ID number to derive it from."), code="required")

    if data.get("sex") and data["sex"] not in Sex.values and "sex" not in errors:
        errors["sex"] = ValidationError(_("Choose male or female."), code="invalid_choice")

    categories = data.get("population_categories") or []
    unknown = [c for c in categories if c not in PopulationCategory.values]
    if unknown:
        errors["population_categories"] = ValidationError(
            _("Unknown population category: %(value)s."), code="invalid_choice",
            params={"value": ", ".join(unknown)})
    data["population_categories"] = list(dict.fromkeys(categories))

    errors.update(_region_errors(data))
    if errors:
        raise ValidationError(errors)
    return data


def _region_errors(data: dict) -> dict[str, ValidationError]:
    """Each chosen region must lie inside the one above it, and a street needs its district."""
    errors = {}
    if data.get("street") is not None and data.get("district") is None:
        errors["district"] = ValidationError(
            _("Choose the district that %(street)s is in."), code="region_missing",
            params={"street": data["street"].name})
    chain = [("province", data.get("province")), ("city", data.get("city")),
             ("district", data.get("district")), ("street", data.get("street"))]
    parent = None
    for field, region in chain:
        if region is None:
            continue
        if parent is not None and region.parent_id != parent.code:
            errors[field] = ValidationError(
                _("%(region)s is not in %(parent)s."), code="region_mismatch",
                params={"region": region.name, "parent": parent.name})
        parent = region
    return errors
