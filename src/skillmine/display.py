"""displaCy view of an analysis: skill spans coloured by category.

>>> from skillmine.result import OfferAnalysis, SkillMention
>>> a = OfferAnalysis("Piloter la GMAO", "maintenance_industrielle", {}, True, 0.9,
...                   [SkillMention("GMAO", 11, 15, "digital", "gmao", "GMAO", "rule", 0.9, "missions", "required")])
>>> html = display(a, jupyter=False)
>>> "GMAO" in html and DISPLACY_COLORS["digital"] in html
True
"""

from __future__ import annotations

from .constants import CATEGORIES
from .result import OfferAnalysis, SkillMention

__all__ = ["DISPLACY_COLORS", "display", "span_label"]

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
