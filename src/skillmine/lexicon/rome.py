"""ROME 4.0 crosswalk: which family a ROME job sheet (fiche) belongs to.

>>> rome_family("H2510"), rome_family("i1102"), rome_family("D1402")
('direction_industrielle', 'maintenance_industrielle', None)
"""

from __future__ import annotations

import re

ROME_FAMILIES: dict[str, str] = {
    "H2510": "direction_industrielle",  # Directeur / Directrice de production industrielle
    "H1402": "ingenierie_production",  # Ingénieur / Ingénieure méthodes et process
    "I1102": "maintenance_industrielle",  # Ingénieur / Ingénieure de maintenance industrielle
    "I1332": "maintenance_industrielle",  # Chef / Cheffe d'atelier de maintenance industrielle
    "H2507": "pilotage_production",  # Responsable de ligne de production industrielle
    "H2503": "pilotage_production",  # Responsable d'îlot de production
    "H1401": "pilotage_production",  # Responsable ordonnancement-lancement-planification en industrie
    # H2502 "Responsable d'unité de production industrielle" also holds "ingénieur de production / process"
    # titles (ingénierie); its label, and most of its titles (chef d'atelier, responsable d'unité), are pilotage.
    "H2502": "pilotage_production",
}

_CODE = re.compile(r"\b([A-Na-n]\d{4})\b")


def rome_family(code: str | None) -> str | None:
    """The family of a ROME 4.0 code (``"H2502"``, ``"h2502"``, ``"H2502 - Management..."``), or ``None``."""
    if not code:
        return None
    m = _CODE.search(str(code))
    return ROME_FAMILIES.get(m.group(1).upper()) if m else None
