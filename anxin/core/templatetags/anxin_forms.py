from django import forms, template

register = template.Library()


@register.filter
def widget_kind(bound_field) -> str:
    """How _field.html lays a field out: one checkbox, a list of choices, or a plain input."""
    widget = bound_field.field.widget
    if isinstance(widget, (forms.CheckboxSelectMultiple, forms.RadioSelect)):
        return "choices"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    return "input"
