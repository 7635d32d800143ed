"""displaCy view of an analysis: skill spans coloured by category.

>>> from skillmine.result import OfferAnalysis, SkillMention
>>> a = OfferAnalysis("Piloter la GMAO", "maintenance_industrielle", {}, True, 0.9,
...                   [SkillMention("GMAO", 11, 15, "digital", "gmao", "GMAO", "rule", 0.9, "missions", "required")])
>>> html = display(a, jupyter=False)
>>> "GMAO" in html and DISPLACY_COLORS["digital"] in html
True
"""

from __future__ import annotations

from skillmine.constants import CATEGORIES, CATEGORY_LABELS, FAMILY_LABELS
from skillmine.result import OfferAnalysis, SkillMention

_BASE = {"digital": ("#7aecec", "#d4f6f6"), "green": ("#9be29b", "#ddf3dd"), "management": ("#f7c873", "#fbe8c6")}

DISPLACY_COLORS: dict[str, str] = {}
"""Span colours by label, also registered for displaCy through the ``spacy_displacy_colors`` entry point.
Company-level mentions are lighter; mentions found by the model carry "(modèle)"."""
for _cat in CATEGORIES:
    for _model in ("", " (modèle)"):
        DISPLACY_COLORS[f"{_cat}{_model}"] = _BASE[_cat][0]
        DISPLACY_COLORS[f"{_cat} (entreprise){_model}"] = _BASE[_cat][1]


def span_label(m: SkillMention) -> str:
    """The displaCy label of a mention: its category, "(entreprise)" for company blurbs, "(modèle)" for the model."""
    return m.category + (" (entreprise)" if m.level == "company" else "") + (" (modèle)" if m.source == "model" else "")


def display(a: OfferAnalysis, jupyter: bool | None = None, page: bool = False) -> str | None:
    """Show ``a`` with its skill spans coloured by category.

    In Jupyter it renders inline (and returns ``None``); elsewhere it returns the HTML.
    """
    import spacy
    from spacy import displacy
    from spacy.tokens import Span

    doc = spacy.blank("fr").make_doc(a.text)
    spans = []
    for m in a.skills:
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is not None:
            spans.append(Span(doc, span.start, span.end, label=span_label(m)))
    doc.spans["skills"] = spans
    if a.title:
        doc.user_data["title"] = a.title
    options = {"spans_key": "skills", "colors": DISPLACY_COLORS}
    return displacy.render(doc, style="span", options=options, jupyter=jupyter, page=page)


def render_text(a: OfferAnalysis) -> str:
    """A reading of one analysis for a person, as ``skillmine analyze`` prints it."""
    lines = []
    if a.status != "ok":
        lines.append(f"status: {a.status} — {a.error}")
    scope = "in scope" if a.in_scope else "out of scope"
    lines.append(f"Famille : {FAMILY_LABELS[a.family]}  ({scope}, score {a.in_scope_score:.2f})")
    function = "production / maintenance" if a.function == "production_maintenance" else "autre fonction"
    level = "cadre" if a.level == "cadre" else "non cadre"
    lines.append(f"  fonction : {function} ({a.function_score:.2f}) · niveau : {level} ({a.level_score:.2f})")
    for fam, p in sorted(a.family_scores.items(), key=lambda x: -x[1]):
        lines.append(f"  {FAMILY_LABELS[fam]:<28} {p:5.2f}  {'█' * round(p * 20)}")
    if a.family_evidence:
        lines.append("  indices : " + ", ".join(w for w, _ in a.explain(6)))
    for cat in CATEGORIES:
        ms = [m for m in a.skills if m.category == cat]
        lines.append("")
        lines.append(f"{CATEGORY_LABELS[cat]} ({len([m for m in ms if m.level != 'company'])} demandées)")
        if not ms:
            lines.append("  —")
        for m in ms:
            src = "règle" if m.source == "rule" else f"modèle {m.score:.2f}"
            lines.append(f"  [{m.level:<12}] {m.text!r} -> {m.label}  ({src}, {m.section})")
    return "\n".join(lines)
