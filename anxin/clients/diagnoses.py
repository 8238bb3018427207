"""ICD-10 diagnoses offered when recording a client's diagnosis.

The six severe mental disorders of the 2018 严重精神障碍管理治疗工作规范 come first, with the
ICD-10 codes of domain-facts §8.1 (偏执性精神病 is F22, not F24). A code outside this list can
still be entered by hand.
"""

from django.utils.translation import gettext_lazy as _

SEVERE_MENTAL_DISORDERS = [
    ("F20", _("Schizophrenia")),
    ("F25", _("Schizoaffective disorder")),
    ("F22", _("Persistent delusional disorder (paranoid psychosis)")),
    ("F31", _("Bipolar affective disorder")),
    ("F06", _("Mental disorder due to epilepsy")),
    ("F70-F79", _("Mental retardation with mental disorder")),
]

OTHER_COMMON = [
    ("F32", _("Depressive episode")),
    ("F41", _("Other anxiety disorders")),
    ("F43", _("Reaction to severe stress, and adjustment disorders")),
    ("F10-F19", _("Disorders due to psychoactive substance use")),
    ("I10", _("Essential (primary) hypertension")),
    ("E11", _("Type 2 diabetes mellitus")),
    ("I25", _("Chronic ischaemic heart disease")),
    ("J44", _("Chronic obstructive pulmonary disease")),
    ("I63", _("Cerebral infarction")),
    ("N18", _("Chronic kidney disease")),
]

SEVERE_CODES = frozenset(code for code, _label in SEVERE_MENTAL_DISORDERS)
KNOWN = dict(SEVERE_MENTAL_DISORDERS + OTHER_COMMON)

CHOICES = [
    (_("Severe mental disorders"), SEVERE_MENTAL_DISORDERS),
    (_("Other common diagnoses"), OTHER_COMMON),
]


def label_for(code: str) -> str:
    return str(KNOWN.get(code, ""))
