"""Structured fields some offers carry beside their text (France Travail exports: ``qualificationLibelle``,
``codeNAF``, ``romeCode``), read as features of the offer models.

They are evidence of level and function, not rules: each value is a binary feature whose weight the models learn
from the labelled real offers that carry it. An offer without them is read on its text alone (every feature 0).

>>> fields_of({"qualificationLibelle": "Cadre", "codeNAF": "25.62B", "romeCode": "H2502", "text": "..."})
{'qualification': 'Cadre', 'naf': '25.62B', 'rome_code': 'H2502'}
>>> tokens({'qualification': 'Agent de maîtrise', 'naf': '25.62B', 'rome_code': 'H2502'})
['qualification=agent_de_maitrise', 'rome=H', 'rome=H25', 'naf=C', 'naf=25']
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin

from skillmine.constants import FIELD_NAMES
from skillmine.text.fold import fold_text

QUALIFICATIONS: tuple[tuple[str, str], ...] = (  # (folded prefix, feature); the longest prefixes first
    ("employe non qualifie", "employe_non_qualifie"),
    ("employe qualifie", "employe_qualifie"),
    ("ouvrier qualifie", "ouvrier_qualifie"),
    ("ouvrier specialise", "ouvrier_specialise"),
    ("agent de maitrise", "agent_de_maitrise"),
    ("technicien", "technicien"),
    ("manoeuvre", "manoeuvre"),
    ("cadre", "cadre"),
)
# NAF rev. 2: the first division of each section (A: 01-03, B: 05-09, C: 10-33, ...)
_NAF_SECTIONS = (
    (1, "A"),
    (5, "B"),
    (10, "C"),
    (35, "D"),
    (36, "E"),
    (41, "F"),
    (45, "G"),
    (49, "H"),
    (55, "I"),
    (58, "J"),
    (64, "K"),
    (68, "L"),
    (69, "M"),
    (77, "N"),
    (84, "O"),
    (85, "P"),
    (86, "Q"),
    (90, "R"),
    (94, "S"),
    (97, "T"),
    (99, "U"),
)
_ROME = re.compile(r"\b([A-N])(\d{2})\d{2}\b")
_NAF = re.compile(r"^\s*(\d{2})")

FEATURES: tuple[str, ...] = (
    tuple(f"qualification={q}" for _, q in QUALIFICATIONS)
    + tuple(f"rome={c}" for c in "ABCDEFGHIJKLMN")
    + tuple(f"rome={c}{d:02d}" for c in "ABCDEFGHIJKLMN" for d in range(10, 50))
    + tuple(f"naf={s}" for _, s in _NAF_SECTIONS)
    + tuple(f"naf={d:02d}" for d in range(1, 100))
)
_INDEX = {f: i for i, f in enumerate(FEATURES)}


def _missing(value: Any) -> bool:
    return value is None or value == "" or (isinstance(value, float) and np.isnan(value))


def fields_of(record: Mapping[str, Any]) -> dict[str, str]:
    """The structured fields of a record, under their canonical names (absent and empty ones left out)."""
    lower = {k.lower(): v for k, v in record.items() if isinstance(k, str)}
    out = {}
    for name, aliases in FIELD_NAMES.items():
        value = next((lower[a] for a in aliases if not _missing(lower.get(a))), None)
        if value is not None:
            out[name] = str(value)
    return out


def _naf_section(division: int) -> str:
    return [s for first, s in _NAF_SECTIONS if first <= division][-1]


def tokens(fields: Mapping[str, str] | None) -> list[str]:
    """The features an offer's fields switch on (unknown values switch on none)."""
    if not fields:
        return []
    out = []
    q = fold_text(str(fields.get("qualification") or "")).strip()
    out += [f"qualification={name}" for prefix, name in QUALIFICATIONS if q.startswith(prefix)][:1]
    m = _ROME.search(str(fields.get("rome_code") or "").upper())
    if m:
        out += [f"rome={m.group(1)}"] + ([f"rome={m.group(1)}{m.group(2)}"] if 10 <= int(m.group(2)) < 50 else [])
    m = _NAF.match(str(fields.get("naf") or ""))
    if m and 1 <= int(m.group(1)) <= 99:
        out += [f"naf={_naf_section(int(m.group(1)))}", f"naf={m.group(1)}"]
    return out


class Fields(TransformerMixin, BaseEstimator):
    """One binary feature per value of :data:`FEATURES`; ``X`` holds a mapping of fields (or ``None``) per offer.

    >>> Fields().transform([{"qualification": "Cadre"}, None]).sum(axis=1).A.ravel().tolist()
    [1.0, 0.0]
    """

    def fit(self, X, y=None):
        return self

    def transform(self, X):
        rows, cols = [], []
        for i, f in enumerate(X):
            for t in tokens(f if isinstance(f, Mapping) else None):
                rows.append(i)
                cols.append(_INDEX[t])
        data = np.ones(len(rows), dtype=np.float64)
        return sparse.csr_matrix((data, (rows, cols)), shape=(len(X), len(FEATURES)))

    def get_feature_names_out(self, input_features=None):
        return np.array(FEATURES, dtype=object)
