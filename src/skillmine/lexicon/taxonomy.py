"""Import the official taxonomies into lexicon entries: ESCO (European Commission) and ROME 4.0 (France Travail).

The files are read from a path the user gives; none is shipped with skillmine.

* ESCO collections ``digitalSkillsCollection_fr.csv``, ``digCompSkillsCollection_fr.csv`` (-> digital),
  ``greenSkillsCollection_fr.csv`` (-> green), ``transversalSkillsCollection_fr.csv`` (-> management, only the
  leadership and management skills);
* ROME 4.0 ``unix_referentiel_competence_v460_utf8.csv`` and ``unix_referentiel_savoir_v460_utf8.csv``: items
  flagged ``transition_num`` (-> digital) or ``transition_eco`` (-> green), and management items.

Both publish skills as verb phrases ("gérer une équipe"); offers write them as nouns ("gestion d'équipe") or
conjugated ("vous gérez l'équipe"). :func:`verb_phrase_forms` turns one into the others.

>>> verb_phrase_forms("gérer une équipe")  # doctest: +NORMALIZE_WHITESPACE
(['gerer une equipe', 'gestion equipe', 'gestion de equipe', 'gestion de le equipe'],
 [[{'NORM': {'IN': ['gerer', 'gerez', 'gererez', 'gere', 'gerons', 'gerant']}},
   {'NORM': {'IN': ['un', 'une', 'le', 'de', 'vos', 'votre', 'son', 'ses', 'sa', 'nos', 'notre', 'ce', 'cette',
                    'ces']}, 'OP': '?'}, {'NORM': 'equipe'}]])
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from skillmine.io.lines import csv_dicts
from skillmine.lexicon.schema import Entry, LexiconError, make_entry
from skillmine.text.fold import fold, fold_text

# infinitive -> noun used in offers
_NOUNS = {
    "gerer": "gestion",
    "manager": "management",
    "encadrer": "encadrement",
    "animer": "animation",
    "piloter": "pilotage",
    "diriger": "direction",
    "conduire": "conduite",
    "developper": "developpement",
    "organiser": "organisation",
    "planifier": "planification",
    "superviser": "supervision",
    "coordonner": "coordination",
    "analyser": "analyse",
    "concevoir": "conception",
    "programmer": "programmation",
    "utiliser": "utilisation",
    "reduire": "reduction",
    "optimiser": "optimisation",
    "evaluer": "evaluation",
    "former": "formation",
    "recruter": "recrutement",
    "controler": "controle",
    "surveiller": "surveillance",
    "appliquer": "application",
    "deployer": "deploiement",
    "automatiser": "automatisation",
    "mesurer": "mesure",
    "recycler": "recyclage",
    "valoriser": "valorisation",
    "traiter": "traitement",
    "negocier": "negociation",
    "administrer": "administration",
    "modeliser": "modelisation",
    "parametrer": "parametrage",
    "installer": "installation",
    "maintenir": "maintenance",
    "securiser": "securisation",
    "auditer": "audit",
    "realiser": "realisation",
    "elaborer": "elaboration",
    "definir": "definition",
    "suivre": "suivi",
    "mettre en oeuvre": "mise en oeuvre",
    "mettre en place": "mise en place",
    "accompagner": "accompagnement",
    "motiver": "motivation",
    "deleguer": "delegation",
    "decarboner": "decarbonation",
    "economiser": "economie",
}
_DETS = ["un", "une", "le", "de", "vos", "votre", "son", "ses", "sa", "nos", "notre", "ce", "cette", "ces"]
_STOP_START = {"le", "de", "un", "une"}


def _conjugations(verb: str) -> list[str]:
    """Infinitive, vous-present, vous-future, il-present, nous-present, participle (regular verbs; folded)."""
    if verb.endswith("er"):
        stem = verb[:-2]
        forms = [
            verb,
            stem + "ez",
            verb + "ez",
            stem + "e",
            stem + ("eons" if stem.endswith("g") else "ons"),
            stem + "ant",
        ]
    elif verb.endswith("ir"):
        stem = verb[:-2]
        forms = [verb, stem + "issez", verb + "ez", stem + "it", stem + "issons", stem + "issant"]
    elif verb.endswith("uire"):  # conduire, réduire
        stem = verb[:-2]
        forms = [verb, stem + "sez", verb[:-1] + "ez", stem + "t", stem + "sons", stem + "sant"]
    elif verb.endswith("re"):
        stem = verb[:-2]
        forms = [verb, stem + "ez", verb[:-1] + "ez", stem, stem + "ons", stem + "ant"]
    else:
        forms = [verb]
    return list(dict.fromkeys(forms))


def verb_phrase_forms(phrase: str) -> tuple[list[str], list[list[dict]]]:
    """Variants (folded) and Matcher patterns for a taxonomy label.

    A label that starts with a known verb gives its noun form ("gestion (de) équipe") as variants, and a pattern
    that accepts the conjugated verb, an optional determiner and the object. Other labels are kept as written.
    """
    words = [fold(w) for w in re.findall(r"[\w’'-]+", phrase.replace("’", "'"))]
    words = [w for w in words if w]
    if not words:
        return [], []
    variants = [" ".join(words)]
    patterns: list[list[dict]] = []
    for verb, noun in _NOUNS.items():
        vw = verb.split()
        if words[: len(vw)] != vw or len(words) == len(vw):
            continue
        rest = words[len(vw) :]
        obj = rest[1:] if rest[0] in _STOP_START and len(rest) > 1 else rest
        variants += [f"{noun} {' '.join(obj)}", f"{noun} de {' '.join(obj)}", f"{noun} de le {' '.join(obj)}"]
        if len(vw) == 1:
            patterns.append(
                [{"NORM": {"IN": _conjugations(verb)}}, {"NORM": {"IN": _DETS}, "OP": "?"}, *({"NORM": w} for w in obj)]
            )
        break
    return list(dict.fromkeys(variants)), patterns


@dataclass
class ImportReport:
    """What an import did: entries kept per category, rows skipped and why."""

    kept: Counter = field(default_factory=Counter)
    skipped: Counter = field(default_factory=Counter)

    def __str__(self) -> str:
        kept = ", ".join(f"{c}: {n}" for c, n in sorted(self.kept.items())) or "none"
        skipped = ", ".join(f"{why}: {n}" for why, n in self.skipped.most_common()) or "none"
        return f"{sum(self.kept.values())} entries ({kept}); {sum(self.skipped.values())} rows skipped ({skipped})"


_MANAGEMENT = re.compile(
    r"\b(manag|encadr|dirig|diriger|leadership|leader|équipe|equipe|personnel|collaborateur|délégu|delegu|"
    r"conduite du changement|changement organisationnel|motiver|recrut|dialogue social|négoci|budg|"
    r"prendre des décisions|décision|projet)",
    re.I,
)
_TEAMWORK = re.compile(r"travailler en équipe|travail en équipe|esprit d.équipe", re.I)
_ESCO_FILES = {
    "digitalskillscollection": "digital",
    "digcompskillscollection": "digital",
    "greenskillscollection": "green",
    "transversalskillscollection": "management",
}
_MAX_WORDS = 8


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", fold_text(text)).strip("_")[:40]


def _entry(
    eid: str, label: str, category: str, alternatives: Iterable[str], where: str, report: ImportReport, **links
) -> Entry | None:
    variants, patterns = [], []
    for phrase in [label, *alternatives]:
        if len(phrase.split()) > _MAX_WORDS:
            continue
        v, p = verb_phrase_forms(phrase)
        variants += v
        patterns += p
    if not variants:
        report.skipped[f"label longer than {_MAX_WORDS} words"] += 1
        return None
    variants = [v for v in dict.fromkeys(variants) if len(v) > 3]
    if not variants:
        report.skipped["label too short to match safely"] += 1
        return None
    report.kept[category] += 1
    return make_entry(
        {"id": eid, "label": label, "category": category, "variants": variants, "patterns": patterns, **links}, where
    )


def _read_csv(path: Path) -> list[tuple[int, dict[str, str]]]:
    """``(line, row)`` of an ESCO / ROME CSV file (plain or ``.gz``, UTF-8 or cp1252); a row that cannot be read
    raises :class:`LexiconError` naming ``file:line``."""
    return list(csv_dicts(path, LexiconError))


def import_esco(paths: Iterable[str | Path]) -> tuple[list[Entry], ImportReport]:
    """Lexicon entries from ESCO French collection CSV files (category from the file name)."""
    report, entries, seen = ImportReport(), [], set()
    for path in map(Path, paths):
        key = re.sub(r"_[a-z]{2}$", "", path.stem).lower()
        category = _ESCO_FILES.get(key)
        if category is None:
            raise LexiconError(
                f"{path}: not an ESCO collection this importer knows; expected one of "
                + ", ".join(f"{k}_fr.csv" for k in _ESCO_FILES)
            )
        rows = _read_csv(path)
        if rows and not {"conceptUri", "preferredLabel"} <= set(rows[0][1]):
            raise LexiconError(f"{path}: columns conceptUri and preferredLabel are required; found {list(rows[0][1])}")
        for n, row in rows:
            uri, label = (row.get("conceptUri") or "").strip(), (row.get("preferredLabel") or "").strip()
            if not uri or not label:
                report.skipped["no URI or label"] += 1
                continue
            if category == "management" and (not _MANAGEMENT.search(label) or _TEAMWORK.search(label)):
                report.skipped["transversal skill outside management"] += 1
                continue
            eid = "esco_" + uri.rstrip("/").rsplit("/", 1)[-1].replace("-", "")[:12]
            if eid in seen:
                report.skipped["duplicate concept"] += 1
                continue
            alts = [a.strip() for a in re.split(r"\s*\|\s*|\n", row.get("altLabels") or "") if a.strip()]
            e = _entry(eid, label, category, alts, f"{path}:{n}", report, esco_uri=uri)
            if e is not None:
                seen.add(eid)
                entries.append(e)
    return entries, report


def import_rome(folder: str | Path) -> tuple[list[Entry], ImportReport]:
    """Lexicon entries from the ROME 4.0 competence and savoir CSV files of ``folder``."""
    folder = Path(folder)
    files = {
        "competence": ("unix_referentiel_competence_v460_utf8.csv", "code_ogr", "libelle_competence"),
        "savoir": ("unix_referentiel_savoir_v460_utf8.csv", "code_ogr_savoir", "libelle_savoir"),
    }
    found = [f for f, *_ in files.values() if (folder / f).is_file()]
    if not found:
        raise LexiconError(f"{folder}: no ROME 4.0 file found (expected {', '.join(f for f, *_ in files.values())})")
    report, entries, seen = ImportReport(), [], set()
    for name, code_col, label_col in files.values():
        path = folder / name
        if not path.is_file():
            continue
        for n, row in _read_csv(path):
            code, label = (row.get(code_col) or "").strip(), (row.get(label_col) or "").strip()
            if not code or not label:
                report.skipped["no code or label"] += 1
                continue
            if row.get("transition_num") == "O":
                category = "digital"
            elif row.get("transition_eco") == "O":
                category = "green"
            elif (
                not _TEAMWORK.search(label)
                and _MANAGEMENT.search(label)
                and re.search(r"\b(équipe|personnel|collaborateur|manag|encadr|changement)", label, re.I)
            ):
                category = "management"
            else:
                report.skipped["not flagged digital / green, not management"] += 1
                continue
            eid = f"rome_{code}"
            if eid in seen:
                report.skipped["duplicate code"] += 1
                continue
            e = _entry(eid, label, category, [], f"{path}:{n}", report, rome_ogr=code)
            if e is not None:
                seen.add(eid)
                entries.append(e)
    return entries, report


def write_lexicon(entries: Iterable[Entry], out: str | Path) -> int:
    """Write entries as a JSONL lexicon (the format :func:`skillmine.lexicon.store.read_lexicon` reads)."""
    import json

    n = 0
    with open(out, "w", encoding="utf-8") as fh:
        for e in entries:
            d = {k: v for k, v in e.to_dict().items() if v not in (None, [], ())}
            fh.write(json.dumps(d, ensure_ascii=False) + "\n")
            n += 1
    return n
