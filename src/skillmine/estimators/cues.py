"""Cues of the offer models, as data: regular expressions over folded text (lower case, no accents, straight
apostrophes; see :func:`skillmine.text.fold.fold_text`).

They come from the family definitions (DESIGN.md, corpora/GUIDELINES.md) and from the labelling guidelines of
real offers: what the title says of the job, what the body says of the level (diplomas, status, pay, shifts,
reporting line, team) and of the sector. Each cue is one binary feature; the models learn their weights.

:class:`Cues` is the transformer that searches them. Each regex is searched only in windows around the literals
that every match must hold (found by a small scanner of regex syntax), which gives the same features as a search
of the whole text, several times faster.
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin

from skillmine.text.fold import fold_text

TITLE_CUES: dict[str, str] = {
    "direction": r"\bdirect(eur|rice|ion)\b.{0,40}\b(usine|site|industriel|operations|production|technique|general|manufactur)"
    r"|plant manager|site manager|\bresponsable de site\b|chef d.etablissement|head of (operations|manufacturing)"
    r"|\b(responsable|chef) d.usine",
    "ingenierie": r"method|industrialis|procede|process|amelioration continue|\blean\b|excellence operationnelle"
    r"|ingenieur (de )?production|\bnpi\b|continuous improvement",
    "maintenance": r"maintenance|fiabilit|travaux neufs|reliability|\bgmao\b",
    "pilotage": r"production|fabrication|atelier|ordonnanc|planific|\bunite\b|\bligne\b|\bsecteur\b|\bilot\b"
    r"|superviseur|supervisor|\bshift\b|chef d.equipe|conditionnement",
    "cadre": r"ingenieur|responsable|direct(eur|rice)|manager|\bchef de (service|production|fabrication|projet|atelier|departement|site|unite)"
    r"|head of|\bcadre\b|\bengineer",
    "non_cadre": r"operat(eur|rice)|conducteur|conductrice|technicien|regleu|\bagent\b|chef d.equipe|alternan|apprenti|stagiaire"
    r"|\bstage\b|interim|monteu|soudeu|cariste|ouvri|preparat|magasinier|pilote de ligne|electromecanicien|mecanicien"
    r"|superviseur|\bassistant|adjoint|\bcap\b|\bbep\b|\bbts\b",
    "other_function": r"commercial|vente|business|account|acheteu|achat|approvision|\brh\b|ressources humaines|recrut|paie|comptab"
    r"|controle(ur)? de gestion|financ|logisti|entrepot|supply chain|transport|qualite|\bhse\b|qhse|\brse\b"
    r"|\br&d\b|\br et d\b|recherche|developpeu|informati|\bdata\b|logiciel|marketing|jurist|\bbtp\b|chantier"
    r"|conducteur de travaux|\bit\b|devops|software|sales|communication|immobili|batiment|facility|\bmultitechni"
    r"|restaura|hotel|magasin|commerce|sante|soin|infirmi|medic|enseign|formateu",
}
"""What a title says: a family's typical job, a cadre or non-cadre level, another function."""

TITLE_CUES["catalogue"] = r"\b(\w+)e? / \1(e|ne|rice|euse)\b"
"""A title in the job catalogue's words, both genders spelled out."""

BODY_CUES: dict[str, str] = {
    # level: cadre
    "statut_cadre": r"statut\s*:?\s*cadre|cdi (a |au )?statut cadre|poste (de )?cadre\b|niveau cadre|\bcadre (au )?forfait",
    "forfait_jours": r"forfait[- ](annuel )?(en )?jours?|forfait \d{3} ?(jours|j)\b",
    "salaire_45k": r"\b(4[5-9]|[5-9]\d|1\d\d) ?(k ?(€|eur)?\b|000 ?(€|eur))",
    "diplome_bac5": r"bac ?\+ ?5|ecole d'ingenieurs?|diplome d'ingenieur|formation (d'|de type )?ingenieur|\bmaster\b",
    "direction": r"\bcodir\b|comite de direction|p ?& ?l\b|manager des managers|equipe de direction|compte de resultat",
    # level: non-cadre
    "statut_non_cadre": r"statut\s*:?\s*(agent de maitrise|etam|technicien|employe|ouvrier)|\betam\b",
    "diplome_court": r"\bcap\b|\bbep\b|bac ?pro|\bbts\b|\bdut\b|bac ?\+ ?[23]\b|niveau bac\b|\bcqp\b|titre professionnel",
    "paie_horaire": r"taux horaire|(€|eur|euros?) ?(brut )?(/ ?h\b|/ ?heure|(par|de l') ?heure)|\bsmic\b",
    "paie_mensuelle": r"\b[12][ .]?\d{3}(,\d\d)? ?(€|eur)[^\n]{0,25}(mois|mensuel)|\b(par mois|/ ?mois)\b",
    "horaires_postes": r"\b[235] ?x ?[78]\b|equipes? postees?|horaires? (postes|decales)|(poste|travail|equipe) de nuit",
    "rattachement_terrain": r"(rattache|sous la responsabilite|rend(rez)? compte)[^.\n]{0,25}(chef d'equipe|chef d'atelier"
    r"|responsable (de |d')?(production|atelier|conditionnement|secteur|site|usine|maintenance|equipe|ligne))",
    "gestes_terrain": r"(realiser|assurer|effectuer) (les |des )?(interventions|operations) de maintenance|diagnostiquer (et resoudre )?les pannes"
    r"|conduite d'engins|\bcaces\b|alimenter la (chaine|ligne)|(emballer|trier|etiqueter) les produits",
    "formation_en_cours": r"\bstage\b|stagiaire|alternan|apprenti|contrat de professionnalisation",
    # sector: other than industrial production
    "logistique": r"entrepots?\b|\b3pl\b|centres? de distribution|preparation de commandes|logistique in-?situ|plateforme logistique|\bwms\b",
    "batiment_services": r"facility|\bfm\b|tertiaire|immobili|\bcvcd?\b|plomberie|genie climatique|multi-?technique|services generaux|desenfumage",
    "btp": r"contractant general|tous corps d'etat|conduite de travaux|\bbtp\b|maitrise d'oeuvre|\bchantiers?\b",
    "informatique": r"systemes? d'information|\bdsi\b|windows|devops|applicatif|pre-?production|data scien|machine learning|\bvlan\b",
    "sante": r"biomedic|hopita|hospitali|medico|dispositifs medicaux|patients?\b",
    "apres_vente": r"\bsav\b|apres-?vente|hotline|support (client|telephonique)|service client",
    "commerce_services": r"points? de vente|location (automobile|courte)|\bagences\b|distribution b ?to ?b|evenementiel|associati(f|ve|on)",
    # sector: industrial production
    "usine": r"\busines?\b|site (de production|industriel)|ateliers? de (production|fabrication)|lignes? de (production|fabrication|conditionnement)"
    r"|unites? de production",
    "planification_industrielle": r"\bpdp\b|plan directeur de production|\bpic\b|plan industriel et commercial|ordres? de fabrication|\bmrp\b"
    r"|charge ?/ ?capacite|ordonnanc|planification industrielle",
    "methodes": r"\bamdec\b|\bsmed\b|\btpm\b|\blean\b|\b5s\b|kaizen|gammes? de (fabrication|montage)|industrialisation|\bdmos\b|\bqmos\b",
    "procedes_industriels": r"feu continu|\batex\b|\bicpe\b|incinerat|station d'epuration|\bstep\b|fonderie|chaudronnerie|usinage"
    r"|agro-?alimentaire|papeterie|cimenterie|siderurgi|traitement de surface",
}
"""What the whole offer (company and benefits blocks included: pay and status often sit there) says of the level
and of the sector."""


def _syntax(rx: str, i: int = 0):
    """``(index, character, depth)`` of the characters of ``rx`` from ``i`` that are regex syntax: outside escapes
    and character classes; ``depth`` counts the groups open after the character."""
    depth, cls = 0, False
    while i < len(rx):
        c = rx[i]
        if c == "\\":
            i += 2
            continue
        if cls:
            cls = c != "]"
        elif c == "[":
            cls = True
        else:
            depth += (c == "(") - (c == ")")
            yield i, c, depth
        i += 1


def _top_level_alternatives(rx: str) -> list[str]:
    cuts = [i for i, c, depth in _syntax(rx) if c == "|" and depth == 0]
    return [rx[a + 1 : b] for a, b in zip([-1] + cuts, cuts + [len(rx)])]


def _group_end(rx: str, i: int) -> int:
    """Index of the ``)`` closing the group opened at ``rx[i]``."""
    return next(j for j, c, depth in _syntax(rx, i) if c == ")" and depth == 0)


def _needles(alternative: str) -> tuple[str, ...]:
    """Literals one of which any match of ``alternative`` (no top-level ``|``) must contain: its longest run of
    plain characters, or the needles of a group it cannot skip, whichever are longer; ``()`` when unsure."""
    best: tuple[str, ...] = ()
    run, i = "", 0

    def better(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[str, ...]:
        return b if b and (not a or min(map(len, b)) > min(map(len, a))) else a

    while i < len(alternative):
        c = alternative[i]
        if c in "?*+{":
            run = run[:-1]  # the character before a quantifier may be absent or repeated
            best, run = better(best, (run,) if run else ()), ""
            if c == "{":
                i = alternative.index("}", i)
        elif c == "(":
            best, run = better(best, (run,) if run else ()), ""
            end = _group_end(alternative, i)
            body = alternative[i + 1 : end]
            optional = end + 1 < len(alternative) and alternative[end + 1] in "?*{"
            if not optional and not body.startswith("?"):
                best = better(best, _prefilter(body, minimum=1) or ())
            i = end
        elif c == "\\" or c in "[.^$)]":
            best, run = better(best, (run,) if run else ()), ""
            if c == "\\":
                i += 1
            elif c == "[":
                i = alternative.index("]", i + 1)
        else:
            run += c
        i += 1
    return better(best, (run,) if run else ())


def _prefilter(rx: str, minimum: int = 2) -> tuple[str, ...] | None:
    """Literals one of which every match of ``rx`` contains (a fast ``in`` test before the regex), or ``None`` when
    some alternative has no literal of ``minimum`` characters (or of signs)."""
    needles = [_needles(a) for a in _top_level_alternatives(rx)]
    if not all(n and all(len(x) >= minimum or not x.isalnum() for x in n) for n in needles):
        return None  # (a sign such as "€" or "&" is rare enough to look for alone)
    return tuple(dict.fromkeys(x for n in needles for x in n))


_WINDOW = 200
"""Longest match (in characters) searched in windows around the literals instead of over the whole text."""


def _max_width(rx: str) -> int | None:
    from re import _parser  # the standard library's own parser: the widths a pattern can match

    if any(x in rx for x in ("(?=", "(?!", "(?<", "$", "\\Z")):
        return None  # look-arounds and end anchors read past a match: only a whole-text search is exact
    width = _parser.parse(rx).getwidth()[1]
    return width if width <= _WINDOW else None


@lru_cache(maxsize=64)
def _compiled(patterns: tuple[tuple[str, str], ...]) -> list[tuple[re.Pattern, tuple[str, ...] | None, int | None]]:
    return [(re.compile(rx), _prefilter(rx), _max_width(rx)) for _, rx in patterns]


def _search(rx: re.Pattern, literals: tuple[str, ...] | None, width: int | None, text: str) -> bool:
    """Whether ``rx`` matches ``text``. Every match holds one of ``literals`` (see :func:`_prefilter`) and is at most
    ``width`` long, so only the windows around the literals' occurrences are searched; a match that touches a
    window's end (where the text beyond is hidden) is confirmed over the whole text."""
    if literals is None:
        return rx.search(text) is not None
    windows = []
    for x in literals:
        i = text.find(x)
        while i >= 0:
            windows.append((max(0, i - width), i + len(x) + width + 1) if width is not None else (0, len(text)))
            i = text.find(x, i + 1)
    if not windows:
        return False
    windows.sort()
    merged = [windows[0]]
    for a, b in windows[1:]:
        if a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    for a, b in merged:
        m = rx.search(text, a, b)
        if m is not None:
            return m.end() < b or rx.search(text) is not None
    return False


class Cues(BaseEstimator, TransformerMixin):
    """Binary features: which of ``patterns`` (``(name, regex)`` pairs over folded text) each text matches.

    The patterns are a parameter, so a saved model keeps the cues it was trained with.

    >>> Cues([("cadre", r"statut cadre")]).transform(["Poste au statut Cadre", "Agent"]).toarray()
    array([[1.],
           [0.]])
    """

    def __init__(self, patterns=()):
        self.patterns = patterns

    def fit(self, X, y=None):
        return self

    def transform(self, X):
        regexes = _compiled(tuple((str(n), str(rx)) for n, rx in self.patterns))
        rows = []
        for t in X:
            folded = fold_text(t or "")
            rows.append([1.0 if _search(rx, lits, width, folded) else 0.0 for rx, lits, width in regexes])
        return sparse.csr_matrix(np.array(rows, dtype=np.float64).reshape(len(rows), len(regexes)))

    def get_feature_names_out(self, input_features=None):
        return np.array([f"cue_{name}" for name, _ in self.patterns], dtype=object)
