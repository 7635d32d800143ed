"""skillmine — reads French industrial job offers: digital, green and management skills, and the Apec family.

>>> import skillmine
>>> skillmine.FAMILIES
('direction_industrielle', 'ingenierie_production', 'maintenance_industrielle', 'pilotage_production')
>>> skillmine.CATEGORIES
('digital', 'green', 'management')

``skillmine.load()`` returns a :class:`SkillMiner`; importing the package itself stays light (no spaCy, no models).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from skillmine.constants import CATEGORIES, FAMILIES

__version__ = "0.1.0"

__all__ = [
    "CATEGORIES",
    "FAMILIES",
    "OfferAnalysis",
    "SkillMention",
    "SkillMiner",
    "display",
    "load",
    "rome_family",
    "__version__",
]

_LAZY = {
    "load": ("miner.facade", "load"),
    "SkillMiner": ("miner.facade", "SkillMiner"),
    "OfferAnalysis": ("result", "OfferAnalysis"),
    "SkillMention": ("result", "SkillMention"),
    "display": ("analysis.display", "display"),
    "rome_family": ("lexicon.rome", "rome_family"),
}

if TYPE_CHECKING:  # pragma: no cover
    from skillmine.analysis.display import display
    from skillmine.lexicon.rome import rome_family
    from skillmine.miner.facade import SkillMiner, load
    from skillmine.result import OfferAnalysis, SkillMention


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        module, attr = _LAZY[name]
        value = getattr(import_module(f".{module}", __name__), attr)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'skillmine' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
