"""Scores of a :class:`~skillmine.SkillMiner` on gold offers.

* skills, offer level: per category, does the offer ask for such a skill (required or nice-to-have mentions)?
* skills, span level: per category, predicted mentions against gold spans, exact and overlapping;
* family: accuracy, macro-F1 and confusion matrix on in-scope gold offers (and on every offer with a family);
* in scope: precision, recall, F1.

Gold labels set to ``None`` leave the offer out of that metric.
"""

from __future__ import annotations

import json
from typing import Iterable, Mapping, Sequence

from .constants import CATEGORIES, FAMILIES
from .corpus import GoldOffer
from .result import OfferAnalysis

__all__ = ["evaluate", "score", "prf", "format_report"]


def prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "support": tp + fn}


def categories_of(a: OfferAnalysis, thresholds: Mapping[str, float] | None = None) -> set[str]:
    """Categories present in ``a``; with ``thresholds``, model mentions below their category's are ignored."""
    if thresholds is None:
        return a.categories
    return {m.category for m in a.mentions() if m.source == "rule" or m.score >= thresholds[m.category]}


def _family_metrics(pairs: list[tuple[str, str]]) -> dict:
    n = len(pairs)
    confusion = {g: {p: 0 for p in FAMILIES} for g in FAMILIES}
    for g, p in pairs:
        confusion[g][p] += 1
    per = {}
    for f in FAMILIES:
        tp = confusion[f][f]
        fp = sum(confusion[g][f] for g in FAMILIES if g != f)
        fn = sum(confusion[f][p] for p in FAMILIES if p != f)
        per[f] = prf(tp, fp, fn)
    present = [f for f in FAMILIES if per[f]["support"]]
    return {
        "n": n,
        "accuracy": round(sum(g == p for g, p in pairs) / n, 4) if n else 0.0,
        "macro_f1": round(sum(per[f]["f1"] for f in present) / len(present), 4) if present else 0.0,
        "per_family": per,
        "confusion": confusion,
    }


def _span_counts(a: OfferAnalysis, gold: GoldOffer, cat: str, thresholds) -> tuple[int, int, int, int, int]:
    pred = [a.input_span(m) for m in a.skills if m.category == cat
            and (thresholds is None or m.source == "rule" or m.score >= thresholds[cat])]
    ref = [(s.start, s.end) for s in gold.spans if s.category == cat]
    exact = len(set(pred) & set(ref))
    overl_p = sum(any(ps < re and rs < pe for rs, re in ref) for ps, pe in pred)
    overl_r = sum(any(ps < re and rs < pe for ps, pe in pred) for rs, re in ref)
    return exact, len(pred), len(ref), overl_p, overl_r


def score(analyses: Sequence[OfferAnalysis], gold: Sequence[GoldOffer],
          thresholds: Mapping[str, float] | None = None) -> dict:
    """Metrics of ``analyses`` (same order as ``gold``)."""
    if len(analyses) != len(gold):
        raise ValueError("one analysis per gold offer is needed")
    out: dict = {"n_offers": len(gold)}
    cats = {}
    for cat in CATEGORIES:
        tp = fp = fn = 0
        for a, g in zip(analyses, gold):
            truth = g.categories.get(cat)
            if truth is None:
                continue
            pred = cat in categories_of(a, thresholds)
            tp += pred and truth
            fp += pred and not truth
            fn += truth and not pred
        cats[cat] = prf(tp, fp, fn)
    out["categories"] = cats
    out["categories_macro_f1"] = round(sum(c["f1"] for c in cats.values()) / len(cats), 4)
    with_spans = [(a, g) for a, g in zip(analyses, gold) if g.spans is not None]
    if with_spans:
        spans = {}
        for cat in CATEGORIES:
            ex = npred = nref = op = orr = 0
            for a, g in with_spans:
                e, p_, r_, o1, o2 = _span_counts(a, g, cat, thresholds)
                ex, npred, nref, op, orr = ex + e, npred + p_, nref + r_, op + o1, orr + o2
            spans[cat] = {
                "exact": prf(ex, npred - ex, nref - ex),
                "overlap": {**prf(op, npred - op, nref - orr), "recall": round(orr / nref, 4) if nref else 0.0},
            }
            ov = spans[cat]["overlap"]
            p, r = ov["precision"], ov["recall"]
            ov["f1"] = round(2 * p * r / (p + r), 4) if p + r else 0.0
        out["spans"] = spans
    fam_in = [(g.family, a.family) for a, g in zip(analyses, gold) if g.family and g.in_scope]
    fam_all = [(g.family, a.family) for a, g in zip(analyses, gold) if g.family]
    out["family_in_scope"] = _family_metrics(fam_in)
    out["family_all"] = _family_metrics(fam_all)
    tp = fp = fn = 0
    for a, g in zip(analyses, gold):
        if g.in_scope is None:
            continue
        tp += a.in_scope and g.in_scope
        fp += a.in_scope and not g.in_scope
        fn += g.in_scope and not a.in_scope
    out["in_scope"] = prf(tp, fp, fn)
    out["status"] = {s: sum(a.status == s for a in analyses) for s in sorted({a.status for a in analyses})}
    return out


def evaluate(miner, gold: Iterable[GoldOffer], batch_size: int = 32) -> tuple[dict, list[OfferAnalysis]]:
    """Run ``miner`` over ``gold`` and score it; returns ``(metrics, analyses)``."""
    gold = list(gold)
    records = ({"id": g.id, "title": g.title, "text": g.text} for g in gold)
    analyses = list(miner.analyze_many(records, batch_size=batch_size, evidence=0))
    return score(analyses, gold), analyses


def format_report(m: dict) -> str:
    """A plain-text summary of :func:`score` output."""
    lines = [f"offers: {m['n_offers']}  status: {json.dumps(m.get('status', {}))}", "",
             "skills, offer level     precision  recall    f1   support"]
    for cat, s in m["categories"].items():
        lines.append(f"  {cat:<21} {s['precision']:>9.3f} {s['recall']:>7.3f} {s['f1']:>6.3f} {s['support']:>8}")
    if "spans" in m:
        lines += ["", "skills, span level      exact P/R/F1          overlap P/R/F1"]
        for cat, s in m["spans"].items():
            e, o = s["exact"], s["overlap"]
            lines.append(f"  {cat:<21} {e['precision']:.3f} {e['recall']:.3f} {e['f1']:.3f}    "
                         f"{o['precision']:.3f} {o['recall']:.3f} {o['f1']:.3f}  (gold spans: {e['support']})")
    for key, name in (("family_in_scope", "family (in-scope offers)"), ("family_all", "family (all offers with a family)")):
        f = m[key]
        lines += ["", f"{name}: n={f['n']}  accuracy={f['accuracy']:.3f}  macro-F1={f['macro_f1']:.3f}"]
        if key == "family_in_scope" and f["n"]:
            short = [x.split("_")[0][:5] for x in FAMILIES]
            lines.append("  gold \\ predicted   " + " ".join(f"{s:>6}" for s in short))
            for g in FAMILIES:
                lines.append(f"  {g:<18} " + " ".join(f"{f['confusion'][g][p]:>6}" for p in FAMILIES))
    s = m["in_scope"]
    lines += ["", f"in scope: precision={s['precision']:.3f} recall={s['recall']:.3f} f1={s['f1']:.3f} (support {s['support']})"]
    return "\n".join(lines)
