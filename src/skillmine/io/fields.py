"""Which field of a record holds the text, title, id and structured fields (France Travail names included)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from skillmine.constants import FIELD_NAMES
from skillmine.io.formats import InputError

TEXT_FIELDS = (
    "text",
    "description",
    "texte",
    "descriptif",
    "description_offre",
    "job_description",
    "body",
    "content",
    "contenu",
    "offre",
    "annonce",
)
TITLE_FIELDS = ("title", "intitule", "intitulé", "titre", "job_title", "libelle", "libellé", "poste", "name")
ID_FIELDS = ("id", "offer_id", "id_offre", "identifiant", "reference", "référence", "ref", "uid", "uuid")
EXTRA_FIELDS = {
    **FIELD_NAMES,  # structured fields the offer models read (qualification, NAF, ROME)
    "date": (
        "date",
        "datecreation",
        "date_creation",
        "date_publication",
        "published",
        "publication_date",
        "dateactualisation",
        "created_at",
    ),
}


@dataclass(frozen=True)
class FieldMap:
    """Which fields hold the text, title and id; ``None`` means "find it"."""

    text: str | None = None
    title: str | None = None
    id: str | None = None

    def resolve(self, keys: Iterable[str], where: str) -> dict[str, str | None]:
        keys = list(keys)
        out = {
            "text": pick_field(keys, self.text, TEXT_FIELDS, True, where),
            "title": pick_field(keys, self.title, TITLE_FIELDS, self.title is not None, where),
            "id": pick_field(keys, self.id, ID_FIELDS, self.id is not None, where),
        }
        for name, cands in EXTRA_FIELDS.items():
            out[name] = pick_field(keys, None, cands, False, where)
        return out


def pick_field(keys: list, given: str | None, candidates: Iterable[str], required: bool, where: str) -> str | None:
    """The field of ``keys`` named ``given`` (case-insensitive), else the first of ``candidates`` present."""
    lower = {k.lower().strip(): k for k in keys if isinstance(k, str)}
    if given is not None:
        if given in keys:
            return given
        if given.lower() in lower:
            return lower[given.lower()]
        if required:
            raise InputError(f"{where}: no field {given!r} (fields: {sorted(lower.values())})")
        return None
    for c in candidates:
        if c in lower:
            return lower[c]
    if required:
        raise InputError(f"{where}: no text field found among {sorted(lower.values())}; name it with --text-field")
    return None
