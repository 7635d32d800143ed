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

import numpy as np

from skillmine.constants import CATEGORIES, FAMILIES
from skillmine.result import OfferAnalysis
from skillmine.training.corpus import GoldOffer


def prf(tp: int, fp: int, fn: int, tn: int = 0) -> dict[str, float]:
    """Precision, recall, F1 and support of counts (``tn`` is accepted, so that ``prf(**confusion(...))`` works)."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "support": tp + fn}


def categories_of(a: OfferAnalysis, thresholds: Mapping[str, float] | None = None) -> set[str]:
    """Categories present in ``a``; with ``thresholds``, model mentions below their category's are ignored."""
    if thresholds is None:
        return a.categories
    return {m.category for m in a.mentions() if m.source == "rule" or m.score >= thresholds[m.category]}


def confusion(pred, truth) -> dict[str, int]:
    """True and false positives and negatives of boolean decisions ``pred`` against ``truth`` (same length).

    >>> confusion([True, True, False, False], [True, False, True, False])
    {'tp': 1, 'fp': 1, 'fn': 1, 'tn': 1}
    """
    p, t = np.asarray(pred, dtype=bool), np.asarray(truth, dtype=bool)
    return {"tp": int((p & t).sum()), "fp": int((p & ~t).sum()), "fn": int((~p & t).sum()), "tn": int((~p & ~t).sum())}


def known_pairs(pairs: Iterable[tuple[bool, bool | None]]) -> tuple[list[bool], list[bool]]:
    """``(predictions, truths)`` of the pairs whose truth is known (``None`` leaves an offer out of a metric)."""
    kept = [(bool(p), bool(t)) for p, t in pairs if t is not None]
    return [p for p, _ in kept], [t for _, t in kept]


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
    pred = [
        a.input_span(m)
        for m in a.skills
        if m.category == cat and (thresholds is None or m.source == "rule" or m.score >= thresholds[cat])
    ]
    ref = [(s.start, s.end) for s in gold.spans if s.category == cat]
    exact = len(set(pred) & set(ref))
    overl_p = sum(any(ps < re and rs < pe for rs, re in ref) for ps, pe in pred)
    overl_r = sum(any(ps < re and rs < pe for ps, pe in pred) for rs, re in ref)
    return exact, len(pred), len(ref), overl_p, overl_r


def score(
    analyses: Sequence[OfferAnalysis], gold: Sequence[GoldOffer], thresholds: Mapping[str, float] | None = None
) -> dict:
    """Metrics of ``analyses`` (same order as ``gold``)."""
    if len(analyses) != len(gold):
        raise ValueError("one analysis per gold offer is needed")
    out: dict = {"n_offers": len(gold)}
    cats = {
        cat: prf(
            **confusion(
                *known_pairs(
                    (cat in categories_of(a, thresholds), g.categories.get(cat)) for a, g in zip(analyses, gold)
                )
            )
        )
        for cat in CATEGORIES
    }
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
    out["in_scope"] = prf(**confusion(*known_pairs((a.in_scope, g.in_scope) for a, g in zip(analyses, gold))))
    for key, value in (("function", "production_maintenance"), ("level", "cadre")):
        c = confusion(
            *known_pairs(
                (getattr(a, key) == value, None if getattr(g, key) is None else getattr(g, key) == value)
                for a, g in zip(analyses, gold)
            )
        )
        n = sum(c.values())
        out[key] = {**prf(**c), "accuracy": round((c["tp"] + c["tn"]) / n, 4) if n else None}
    ev = evidence_hits(analyses, gold, thresholds)
    out["evidence_recall"] = round(float(np.mean(ev)), 4) if len(ev) else None
    out["status"] = {s: sum(a.status == s for a in analyses) for s in sorted({a.status for a in analyses})}
    return out


def evidence_hits(
    analyses: Sequence[OfferAnalysis], gold: Sequence[GoldOffer], thresholds: Mapping[str, float] | None = None
) -> list[bool]:
    """For each annotators' quote of a real offer (in order), whether a mention of its category overlaps it."""
    hits = []
    for a, g in zip(analyses, gold):
        for cat, quotes in g.evidence.items():
            spans = [
                a.input_span(m)
                for m in a.skills
                if m.category == cat and (thresholds is None or m.source == "rule" or m.score >= thresholds[cat])
            ]
            hits.extend(any(s < e2 and s2 < e for s, e in spans) for s2, e2 in quotes)
    return hits


def headline(
    analyses: Sequence[OfferAnalysis],
    gold: Sequence[GoldOffer],
    thresholds: Mapping[str, float] | None = None,
    seed: int = 0,
    rounds: int = 1000,
) -> dict:
    """The figures the targets are set on, each with its 95 % bootstrap interval over offers: in-scope F1 and
    precision, family macro-F1 (in-scope offers), per category F1 and precision, evidence recall, and the
    calibration error (ECE, 10 bins) of ``in_scope_score`` and of the family's top probability."""
    from skillmine.training.crossval import bootstrap_ci, ece

    n = len(gold)
    in_p = np.array([a.in_scope for a in analyses])
    in_s = np.array([a.in_scope_score for a in analyses])
    in_g = np.array([g.in_scope if g.in_scope is not None else -1 for g in gold], dtype=object)
    known = in_g != -1
    fam_g = np.array([g.family if g.family and g.in_scope else "" for g in gold], dtype=object)
    fam_p = np.array([a.family for a in analyses], dtype=object)
    fam_conf = np.array([max(a.family_scores.values()) for a in analyses])
    cats = {
        c: (
            np.array([c in categories_of(a, thresholds) for a in analyses]),
            np.array([g.categories.get(c) if g.categories.get(c) is not None else -1 for g in gold], dtype=object),
        )
        for c in CATEGORIES
    }
    per_offer_ev = []
    for a, g in zip(analyses, gold):
        per_offer_ev.append(evidence_hits([a], [g], thresholds))

    def binary(pred, truth, idx, what):
        t, p = truth[idx], pred[idx]
        keep = t != -1
        c = confusion(p[keep], t[keep])
        return prf(**c)[what] if c["tp"] + c["fp"] + c["fn"] else float("nan")

    def fam_f1(idx):
        pairs = [(fam_g[i], fam_p[i]) for i in idx if fam_g[i]]
        return _family_metrics(pairs)["macro_f1"] if pairs else float("nan")

    def ev(idx):
        h = [x for i in idx for x in per_offer_ev[i]]
        return float(np.mean(h)) if h else float("nan")

    stats = {
        "in_scope_f1": lambda idx: binary(in_p, in_g, idx, "f1"),
        "in_scope_precision": lambda idx: binary(in_p, in_g, idx, "precision"),
        "in_scope_recall": lambda idx: binary(in_p, in_g, idx, "recall"),
        "family_macro_f1": fam_f1,
        **{
            f"{c}_{w}": (lambda idx, c=c, w=w: binary(cats[c][0], cats[c][1], idx, w))
            for c in CATEGORIES
            for w in ("f1", "precision")
        },
        "evidence_recall": ev,
        "in_scope_ece": lambda idx: ece(in_s[idx][known[idx]], in_g[idx][known[idx]].astype(float)),
        "family_ece": lambda idx: ece(
            fam_conf[idx][fam_g[idx] != ""], (fam_p[idx] == fam_g[idx])[fam_g[idx] != ""].astype(float)
        ),
    }
    out = {}
    everything = np.arange(n)
    for name, stat in stats.items():
        value = stat(everything)
        if value != value:  # nan: nothing to measure (no evidence quotes, no family...)
            out[name] = {"value": None, "low": None, "high": None}
            continue
        low, high = bootstrap_ci(stat, n, rounds=rounds, seed=seed)
        out[name] = {"value": round(float(value), 4), "low": low, "high": high}
    out["n"] = {"value": n, "low": None, "high": None}
    return out


def evaluate(miner, gold: Iterable[GoldOffer], batch_size: int = 32) -> tuple[dict, list[OfferAnalysis]]:
    """Run ``miner`` over ``gold`` and score it; returns ``(metrics, analyses)``."""
    gold = list(gold)
    records = ({"id": g.id, "title": g.title, "text": g.text} for g in gold)
    analyses = list(miner.analyze_many(records, batch_size=batch_size, evidence=0))
    return score(analyses, gold), analyses


def format_report(m: dict) -> str:
    """A plain-text summary of :func:`score` output."""
    lines = [
        f"offers: {m['n_offers']}  status: {json.dumps(m.get('status', {}))}",
        "",
        "skills, offer level     precision  recall    f1   support",
    ]
    for cat, s in m["categories"].items():
        lines.append(f"  {cat:<21} {s['precision']:>9.3f} {s['recall']:>7.3f} {s['f1']:>6.3f} {s['support']:>8}")
    if "spans" in m:
        lines += ["", "skills, span level      exact P/R/F1          overlap P/R/F1"]
        for cat, s in m["spans"].items():
            e, o = s["exact"], s["overlap"]
            lines.append(
                f"  {cat:<21} {e['precision']:.3f} {e['recall']:.3f} {e['f1']:.3f}    "
                f"{o['precision']:.3f} {o['recall']:.3f} {o['f1']:.3f}  (gold spans: {e['support']})"
            )
    for key, name in (
        ("family_in_scope", "family (in-scope offers)"),
        ("family_all", "family (all offers with a family)"),
    ):
        f = m[key]
        lines += ["", f"{name}: n={f['n']}  accuracy={f['accuracy']:.3f}  macro-F1={f['macro_f1']:.3f}"]
        if key == "family_in_scope" and f["n"]:
            short = [x.split("_")[0][:5] for x in FAMILIES]
            lines.append("  gold \\ predicted   " + " ".join(f"{s:>6}" for s in short))
            for g in FAMILIES:
                lines.append(f"  {g:<18} " + " ".join(f"{f['confusion'][g][p]:>6}" for p in FAMILIES))
    s = m["in_scope"]
    lines += [
        "",
        f"in scope: precision={s['precision']:.3f} recall={s['recall']:.3f} f1={s['f1']:.3f} (support {s['support']})",
    ]
    for key in ("function", "level"):
        if m.get(key) and m[key]["accuracy"] is not None:
            f = m[key]
            lines.append(
                f"{key}: accuracy={f['accuracy']:.3f} (P/R/F1 of {'production_maintenance' if key == 'function' else 'cadre'}: "
                f"{f['precision']:.3f}/{f['recall']:.3f}/{f['f1']:.3f})"
            )
    if m.get("evidence_recall") is not None:
        lines.append(f"evidence recall (annotators' quotes overlapped by a mention): {m['evidence_recall']:.3f}")
    return "\n".join(lines)
