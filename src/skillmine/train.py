"""``skillmine train``: rebuild the models of ``models/`` from ``corpora/``, deterministically.

Hyper-parameters and thresholds are chosen on the ``dev`` split; the chosen models are refitted on
``train + dev`` and scored once on ``test`` (and, when given, on held-out real offers: evaluation only).
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from . import __version__
from .artifacts import MODEL_FILES, save_model
from .constants import CATEGORIES
from .corpus import GoldOffer, corpus_files, data_hash, read_corpus, read_split
from .evaluate import evaluate, score
from .sections import layout
from .text import normalize

__all__ = ["train", "split_of"]

FAMILY_GRID = [{"C": c, "title_weight": w} for w in (1.0, 2.0) for c in (1.0, 4.0)]
TIE = 0.01
"""Choices within ``TIE`` of the best score are ties; ties go to the more conservative choice (higher threshold,
smaller C): on written offers the scores saturate, and real offers reward caution."""
SKILL_GRID = [{"C": c, "chars": ch} for ch in (False, True) for c in (1.0, 4.0)]
"""Cheaper first: within TIE on dev, the word-only model wins (character n-grams cost about 2 ms an offer)."""
THRESHOLDS = [round(float(t), 2) for t in np.arange(0.30, 0.96, 0.05)]


def split_of(offer_id: str, splits: dict[str, str]) -> str:
    """The fixed split of an offer, or a stable hash split (70/15/15) for offers added since."""
    if offer_id in splits:
        return splits[offer_id]
    h = int(hashlib.sha256(offer_id.encode()).hexdigest(), 16) % 100
    return "train" if h < 70 else "dev" if h < 85 else "test"


@dataclass
class _Prepared:
    offer: GoldOffer
    text: str
    body: str
    segments: list[tuple[str, set[str]]]  # sentence, categories of the gold spans it holds


def _prepare(offer: GoldOffer) -> _Prepared:
    norm = normalize(offer.text)
    lay = layout(norm.text)
    spans = [(norm.from_input(s.start, s.end), s.category) for s in offer.spans or ()]
    segments = []
    for seg in lay.segments:
        if seg.end - seg.start < 12:
            continue
        cats = {c for (s, e), c in spans if s < seg.end and seg.start < e}
        segments.append((norm.text[seg.start:seg.end], cats))
    body = "\n".join(norm.text[s.start:s.end] for s in lay.segments if s.section not in ("company", "benefits"))
    return _Prepared(offer, norm.text, body, segments)


def _fit_family(data: Sequence[_Prepared], params: dict, seed: int):
    """The family and in-scope models over shared features (``params`` from :func:`_choose_family`)."""
    from .family import FamilyModel

    rows = [d for d in data if d.offer.in_scope is not None]
    return FamilyModel.fit([d.offer.title for d in rows], [d.body for d in rows], [d.offer.family for d in rows],
                           [bool(d.offer.in_scope) for d in rows], seed=seed, **params)


def _fit_skills(data: Sequence[_Prepared], params: dict, seed: int):
    from .skillmodel import make_pipeline

    X = [s for d in data for s, _ in d.segments]
    Y = np.array([[c in cats for c in CATEGORIES] for d in data for _, cats in d.segments], dtype=int)
    pipe = make_pipeline(seed=seed, **params)
    pipe.fit(X, Y)
    return pipe


OFF = 1.01
"""A threshold above 1: the model adds no mention of that category."""
PRECISION_FLOOR = 0.7
"""Model mentions are kept only at thresholds where at least this share of them, on dev, sits in a line that holds a
gold mention of their category (the sentence was right, even where the located words are not exactly the gold
span)."""


def _precision(analyses, gold, cat: str, source: str, t: float = 0.0, line: bool = False) -> float:
    """Share (smoothed) of the ``source`` mentions of ``cat`` scored >= ``t`` that overlap a gold span of ``cat``;
    with ``line``, a mention counts when its line holds such a span."""
    hit = total = 0
    for a, g in zip(analyses, gold):
        ref = [(s.start, s.end) for s in g.spans or () if s.category == cat]
        for m in a.skills:
            if m.source != source or m.category != cat or m.score < t:
                continue
            start, end = m.start, m.end
            if line:
                start = a.text.rfind("\n", 0, m.start) + 1
                end = a.text.find("\n", m.end)
                end = len(a.text) if end < 0 else end
            s, e = a.offset_map.span_to_input(start, end) if a.offset_map is not None else (start, end)
            total += 1
            hit += any(s < re and rs < e for rs, re in ref)
    return (hit + 1) / (total + 2)


def _best_thresholds(analyses, gold) -> tuple[dict[str, float], float]:
    """Per category, among the thresholds where model mentions reach :data:`PRECISION_FLOOR` on dev, the highest
    whose offer-level F1 is within :data:`TIE` of the best; :data:`OFF` when none does."""
    per_t = {t: score(analyses, gold, {c: t for c in CATEGORIES})["categories"] for t in THRESHOLDS}
    chosen = {}
    for cat in CATEGORIES:
        ok = [t for t in THRESHOLDS if _precision(analyses, gold, cat, "model", t, line=True) >= PRECISION_FLOOR]
        if not ok:
            chosen[cat] = OFF
            continue
        f1s = {t: per_t[t][cat]["f1"] for t in ok}
        best = max(f1s.values())
        chosen[cat] = max(t for t, f in f1s.items() if f >= best - TIE)
    macro = score(analyses, gold, chosen)["categories_macro_f1"]
    return chosen, macro


def _author_folds(data: Sequence[_Prepared]) -> list[tuple[np.ndarray, np.ndarray]]:
    authors = np.array([str(d.offer.meta.get("author") or d.offer.id.split("-")[0]) for d in data])
    names = sorted(set(authors))
    if len(names) < 3:  # too few writers: plain 5-fold on a seeded order
        idx = np.arange(len(data))
        return [(idx[idx % 5 != k], idx[idx % 5 == k]) for k in range(5)]
    return [(np.flatnonzero(authors != a), np.flatnonzero(authors == a)) for a in names]


def _choose_family(data: Sequence[_Prepared], seed: int, log) -> tuple[dict, float, float, float]:
    """Grid over :data:`FAMILY_GRID` with author-held-out folds: the title weight (the features are shared) that
    is best for both decisions, then each decision's C; then the in-scope threshold on out-of-fold calibrated
    probabilities. Returns the :meth:`FamilyModel.fit` keywords, the two F1 and the threshold."""
    from sklearn.base import clone
    from sklearn.metrics import f1_score

    from .family import frame, make_classifier, make_features, make_pipeline

    folds = _author_folds(data)
    X = frame([d.offer.title for d in data], [d.body for d in data])
    fam_y = np.array([d.offer.family or "" for d in data])
    scope_y = np.array([bool(d.offer.in_scope) for d in data])
    has_fam = fam_y != ""
    preds = {i: (np.array([""] * len(data), dtype=object), np.zeros(len(data), dtype=bool)) for i in range(len(FAMILY_GRID))}
    for tr, te in folds:
        features = {}  # fitted once per fold and title weight, shared by the values of C
        for i, params in enumerate(FAMILY_GRID):
            w = params["title_weight"]
            if w not in features:
                f = make_features(w)
                features[w] = (f.fit_transform(X.iloc[tr]), f.transform(X.iloc[te]))
            Mtr, Mte = features[w]
            lr = make_classifier(params["C"], seed, cv=0)
            ftr = has_fam[tr]
            preds[i][0][te] = clone(lr).fit(Mtr[ftr], fam_y[tr][ftr]).predict(Mte)
            preds[i][1][te] = clone(lr).fit(Mtr, scope_y[tr]).predict(Mte)
    results = [(params, f1_score(fam_y[has_fam], preds[i][0][has_fam].astype(str), average="macro"),
                f1_score(scope_y, preds[i][1])) for i, params in enumerate(FAMILY_GRID)]
    for params, f_fam, f_scope in results:
        log(f"  {params}: family {f_fam:.3f}, in scope {f_scope:.3f}")
    # the title weight: best sum of the two decisions' best F1; ties go to the simpler model (smaller title weight,
    # then smaller C: FAMILY_GRID order)
    weights = sorted({p["title_weight"] for p in FAMILY_GRID})
    per_weight = {w: max(r[1] for r in results if r[0]["title_weight"] == w)
                  + max(r[2] for r in results if r[0]["title_weight"] == w) for w in weights}
    best_w = max(per_weight.values())
    weight = next(w for w in weights if per_weight[w] >= best_w - TIE)
    at_w = [r for r in results if r[0]["title_weight"] == weight]
    fam_params, fam_f1, _ = next(r for r in at_w if r[1] >= max(x[1] for x in at_w) - TIE)
    scope_params, _, _ = next(r for r in at_w if r[2] >= max(x[2] for x in at_w) - TIE)
    proba = np.zeros(len(data))
    for tr, te in folds:
        pipe = make_pipeline(seed=seed, cv=3, **scope_params).fit(X.iloc[tr], scope_y[tr])
        proba[te] = pipe.predict_proba(X.iloc[te])[:, list(pipe.classes_).index(True)]
    f1s = {t: f1_score(scope_y, proba >= t, zero_division=0.0) for t in THRESHOLDS}
    best = max(f1s.values())
    # the in-scope threshold: the middle of the thresholds within TIE of the best (a plateau's centre is robust)
    plateau = [t for t, f in f1s.items() if f >= best - TIE]
    scope_t = plateau[len(plateau) // 2]
    params = {"family_C": fam_params["C"], "scope_C": scope_params["C"], "title_weight": weight}
    return params, float(fam_f1), float(f1s[scope_t]), float(scope_t)


def _rule_precision(analyses, gold) -> dict[str, float]:
    """Share of rule mentions that overlap a gold span of their category (the score a rule mention carries)."""
    return {cat: round(_precision(analyses, gold, cat, "rule"), 4) for cat in CATEGORIES}


def train(corpus_dir: str | Path = "corpora", out_dir: str | Path = "models", seed: int = 0,
          realdev: str | Path | None = None, limit: int | None = None, profile: str = "default",
          log: Callable[[str], None] = print) -> dict:
    """Train the family, in-scope and skill models and write them with their manifest and model cards.

    ``limit`` keeps the first offers of each split (for quick trials and tests). ``realdev`` is a folder with
    ``offers.jsonl`` and ``labels.jsonl``: scored once at the end, never used to choose anything.
    """
    from .miner import SkillMiner
    from .nlp import build_nlp
    from .skillmodel import SkillModel

    t0 = time.perf_counter()
    _log = log

    def log(msg: str) -> None:
        _log(f"[{time.perf_counter() - t0:5.0f} s] {msg}")

    files = corpus_files(corpus_dir)
    splits = read_split(corpus_dir) if (Path(corpus_dir) / "splits.json").is_file() else {}
    offers = [o for f in files for o in read_corpus(f)]
    parts: dict[str, list[GoldOffer]] = {"train": [], "dev": [], "test": []}
    for o in offers:
        parts[split_of(o.id, splits)].append(o)
    if limit:
        parts = {k: v[:limit] for k, v in parts.items()}
    log(f"corpus: {len(offers)} offers in {len(files)} file(s); " + ", ".join(f"{k} {len(v)}" for k, v in parts.items()))
    prep = {k: [_prepare(o) for o in v] for k, v in parts.items()}
    nlp = build_nlp(profile)

    rule_cache: dict = {}  # the rules do not change between the models tried: parse each offer once

    def miner(family, skill_pipe, thresholds, manifest=None):
        m = SkillMiner(nlp, family, SkillModel(skill_pipe, thresholds),
                       manifest or {}, profile=profile)
        m.rule_cache = rule_cache
        return m

    # 1. family and in-scope models: choose by leave-one-author-out cross-validation on train + dev, so that the
    #    choice rewards what carries over to a writer the model has not read (the dev split shares its writers).
    fam_params, fam_f1, scope_f1, scope_t = _choose_family(prep["train"] + prep["dev"], seed, log)
    log(f"family and in scope: {fam_params}; author-held-out family macro-F1 {fam_f1:.3f}, "
        f"in-scope F1 {scope_f1:.3f} at threshold {scope_t}")

    # 2. skill model: choose C and per-category thresholds on dev (offer-level F1 of rules + model).
    fam_dev = _fit_family(prep["train"], fam_params, seed)
    skill_scores = []
    zero = {c: 0.0 for c in CATEGORIES}
    for params in SKILL_GRID:
        sk = _fit_skills(prep["train"], params, seed)
        metrics, analyses = evaluate(miner(fam_dev, sk, zero), parts["dev"])
        thresholds, macro = _best_thresholds(analyses, parts["dev"])
        skill_scores.append((macro, params, thresholds))
    best_skill = max(x[0] for x in skill_scores)
    skill_f1, skill_params, thresholds = next(x for x in skill_scores if x[0] >= best_skill - TIE)
    log(f"skills: dev macro-F1 {skill_f1:.3f} with {skill_params}, thresholds {thresholds}")

    # 3. refit on train + dev and measure the rules' precision there.
    fit_on = prep["train"] + prep["dev"]
    family = _fit_family(fit_on, fam_params, seed)
    skills = _fit_skills(fit_on, skill_params, seed)
    _, analyses = evaluate(miner(family, skills, thresholds), parts["train"] + parts["dev"])
    rule_precision = _rule_precision(analyses, parts["train"] + parts["dev"])

    # 4. write, reload through the checked path, and score on test (and realdev).
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    hashes = {}
    for key, obj in (("family", family.family), ("scope", family.scope), ("skills", skills)):
        hashes[MODEL_FILES[key]] = {"sha256": save_model(obj, out / MODEL_FILES[key])}
    manifest = {
        "skillmine_version": __version__,
        "seed": seed,
        "training_data": {"files": [f.name for f in files], "sha256": data_hash(files),
                          "offers": {k: len(v) for k, v in parts.items()}},
        "lexicon_fingerprint": nlp.get_pipe("skillmine_skills").lexicon.fingerprint,
        "chosen": {"family": {"C": fam_params["family_C"], "title_weight": fam_params["title_weight"],
                              "author_cv_macro_f1": round(fam_f1, 4)},
                   "in_scope": {"C": fam_params["scope_C"], "title_weight": fam_params["title_weight"],
                                "author_cv_f1": round(scope_f1, 4)},
                   "skills": {**skill_params, "dev_macro_f1": round(skill_f1, 4)}},
        "in_scope_threshold": scope_t,
        "skill_thresholds": thresholds,
        "precision_floor": PRECISION_FLOOR,
        "rule_precision": rule_precision,
        "files": hashes,
        "metrics": {},
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    from .miner import load

    loaded = load(profile=profile, model_dir=out)
    metrics = {}
    if parts["test"]:
        metrics["test"], _ = evaluate(loaded, parts["test"])
        log(f"test: family macro-F1 {metrics['test']['family_in_scope']['macro_f1']:.3f}, "
            f"in-scope F1 {metrics['test']['in_scope']['f1']:.3f}, categories "
            + ", ".join(f"{c} {m['f1']:.3f}" for c, m in metrics["test"]["categories"].items()))
    if realdev is not None:
        gold = read_corpus(Path(realdev) / "offers.jsonl", labels=Path(realdev) / "labels.jsonl")
        metrics["realdev"], _ = evaluate(loaded, gold)
        log(f"realdev: family macro-F1 {metrics['realdev']['family_in_scope']['macro_f1']:.3f}, "
            f"in-scope F1 {metrics['realdev']['in_scope']['f1']:.3f}, categories "
            + ", ".join(f"{c} {m['f1']:.3f}" for c, m in metrics["realdev"]["categories"].items()))
    manifest["metrics"] = {k: _summary(v) for k, v in metrics.items()}
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    from .modelcard import write_cards

    write_cards(out, manifest, metrics)
    log(f"wrote {out} in {time.perf_counter() - t0:.0f} s")
    return manifest


def _summary(m: dict) -> dict:
    """The headline figures of a metrics dict (what the manifest keeps)."""
    return {
        "n_offers": m["n_offers"],
        "family_in_scope": {k: m["family_in_scope"][k] for k in ("n", "accuracy", "macro_f1")},
        "in_scope": m["in_scope"],
        "categories": m["categories"],
        "spans": m.get("spans"),
    }
