"""The closed vocabularies of skillmine: families, categories, sections, levels, statuses."""

from __future__ import annotations

FAMILIES: tuple[str, ...] = (
    "direction_industrielle",
    "ingenierie_production",
    "maintenance_industrielle",
    "pilotage_production",
)
"""The four Apec families of cadre jobs in industrial production and maintenance."""

FAMILY_LABELS: dict[str, str] = {
    "direction_industrielle": "Direction industrielle",
    "ingenierie_production": "Ingénierie de production",
    "maintenance_industrielle": "Maintenance industrielle",
    "pilotage_production": "Pilotage de production",
}

CATEGORIES: tuple[str, ...] = ("digital", "green", "management")
"""The three skill categories."""

CATEGORY_LABELS: dict[str, str] = {
    "digital": "Numérique",
    "green": "Vert (transition écologique)",
    "management": "Management",
}

SECTIONS: tuple[str, ...] = ("company", "missions", "profile", "benefits", "other")
LEVELS: tuple[str, ...] = ("required", "nice_to_have", "company")
SOURCES: tuple[str, ...] = ("rule", "model")
STATUSES: tuple[str, ...] = ("ok", "empty", "not_french", "truncated", "invalid")
"""Status of one analysed offer: ``ok``; ``empty`` (no text); ``not_french`` (analysed, but the text reads as
another language); ``truncated`` (analysed on its first ``max_chars`` characters); ``invalid`` (not analysable:
unreadable record, binary data)."""
ANALYSED: tuple[str, ...] = ("ok", "not_french", "truncated")
"""The statuses whose offers were read (their results count in figures); ``empty`` and ``invalid`` were not."""

PROFILES: tuple[str, ...] = ("default", "fast")

FIELD_NAMES: dict[str, tuple[str, ...]] = {
    "qualification": ("qualification", "qualificationlibelle", "qualification_libelle"),
    "naf": ("naf", "codenaf", "code_naf"),
    "rome_code": ("rome_code", "romecode", "code_rome", "rome"),
}
"""Structured fields an offer may carry beside its text (France Travail exports: ``qualificationLibelle``,
``codeNAF``, ``romeCode``) and the input names each goes by, compared in lower case; the offer models read them
(see :mod:`skillmine.estimators.structured`)."""
