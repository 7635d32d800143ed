"""``skillmine train``: rebuild the models of ``models/`` from ``corpora/`` and labelled real offers, deterministically.

Choices (hyper-parameters, calibration, decision and skill thresholds) are made by grouped cross-validation on the
labelled real offers given with ``real`` (see :mod:`skillmine.crossval`); the written corpus's train + dev is in
every fold's training part. Without real offers, the written corpus's train + dev is the pool, grouped by writer.
The chosen models are refitted on everything, then scored once on the corpus's ``test`` split and, when given, on
``realdev`` (evaluation only: never used to choose anything).
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from . import __version__
from .artifacts import MODEL_FILES, save_model
from .constants import CATEGORIES, FAMILIES
from .corpus import GoldOffer, corpus_files, data_hash, read_corpus, read_real, read_split
from .crossval import crossfit_calibrated, fold_calibrators, make_folds, reliability, repost_groups
from .evaluate import categories_of, confusion, evaluate, headline, known_pairs, score
from .family import JOINT, FamilyModel, decide, fit_calibrator, frame, joint_label, make_classifier, make_features, ordered_proba
from .floor import floor
from .sections import layout
from .skillmodel import UNKNOWN
from .structured import fields_of
from .text import normalize

__all__ = ["train", "split_of"]

OFFER_GRID = [{"C": c, "corpus_weight": w} for w in (1.0, 0.3) for c in (4.0, 1.0)]
"""Offer-model choices tried by cross-validation; on ties (within :data:`TIE`) the first wins."""
SKILL_C = 1.0
TIE = 0.01
THRESHOLDS = [round(float(t), 2) for t in np.arange(0.30, 0.96, 0.05)]
DECISION_THRESHOLDS = [round(float(t), 2) for t in np.arange(0.35, 0.66, 0.05)]
OFF = 1.01
"""A skill threshold above 1: the model adds no mention of that category."""
TITLE_WEIGHT = 1.0


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
    segments: list[tuple[str, list[int]]]  # sentence, per category 1 / 0 / UNKNOWN
    joint: str | None
    fields: dict[str, str]  # structured fields (qualification, NAF, ROME), as an input record would carry them
    weight: float = 1.0


def _field_dropout(data: Sequence[_Prepared]) -> list[_Prepared]:
    """``data`` where each offer with structured fields counts half with them and half without: the models learn
    what the fields add without leaning on them for the text (which must work alone)."""
    out = []
    for d in data:
        out += [replace(d, weight=d.weight / 2), replace(d, fields={}, weight=d.weight / 2)] if d.fields else [d]
    return out


def _frame(data: Sequence[_Prepared], fields: bool = True):
    """The offer models' input for ``data``; ``fields=False`` reads the text alone (what the targets measure)."""
    return frame([d.offer.title for d in data], [d.body for d in data], [d.text for d in data],
                 [d.fields for d in data] if fields else None)


def _prepare(offer: GoldOffer) -> _Prepared:
    """An offer as the models read it (the same normalisation, layout and body as :class:`SkillMiner`), with the
    skill labels of each sentence: from the gold spans of a written offer; from the annotators' quotes of a real
    one (a quote's sentence is positive, every sentence of an offer without the category negative, others unknown)."""
    norm = normalize(offer.text)
    lay = layout(norm.text)
    spans = [(norm.from_input(s.start, s.end), s.category) for s in offer.spans or ()]
    quotes = [(norm.from_input(s, e), c) for c, found in offer.evidence.items() for s, e in found]
    segments = []
    for seg in lay.scored():
        def hit(marks, cat):
            return any(c == cat and s < seg.end and seg.start < e for (s, e), c in marks)

        if offer.spans is not None:
            labels = [int(hit(spans, c)) for c in CATEGORIES]
        else:
            labels = [1 if hit(quotes, c) else 0 if offer.categories.get(c) is False else UNKNOWN for c in CATEGORIES]
        segments.append((norm.text[seg.start:seg.end], labels))
    return _Prepared(offer, norm.text, lay.body(norm.text), segments, joint_label(offer.function, offer.level),
                     fields_of(offer.meta))


def _fit_offer(data: Sequence[_Prepared], C: float, seed: int, calibrators=(None, None)) -> FamilyModel:
    data = _field_dropout(data)
    return FamilyModel.fit([d.offer.title for d in data], [d.body for d in data], [d.text for d in data],
                           [d.offer.family for d in data], [d.joint for d in data], family_C=C, scope_C=C,
                           title_weight=TITLE_WEIGHT, seed=seed, sample_weight=[d.weight for d in data],
                           family_calibrator=calibrators[0], scope_calibrator=calibrators[1],
                           fields=[d.fields for d in data])


def _fit_skills(data: Sequence[_Prepared], seed: int):
    from .skillmodel import make_pipeline

    X = [s for d in data for s, _ in d.segments]
    Y = np.array([labels for d in data for _, labels in d.segments], dtype=int).reshape(len(X), len(CATEGORIES))
    w = np.array([d.weight for d in data for _ in d.segments])
    return make_pipeline(C=SKILL_C, seed=seed).fit(X, Y, clf__sample_weight=w)


def _offer_oof(pool, rest, folds, seed, log) -> list[tuple[dict, np.ndarray, np.ndarray]]:
    """Out-of-fold raw family and joint probabilities of the pool for each choice of :data:`OFFER_GRID`, read on
    the text alone, and the joint ones read with the structured fields as well."""
    grid = OFFER_GRID if rest else [g for g in OFFER_GRID if g["corpus_weight"] == OFFER_GRID[0]["corpus_weight"]]
    out = [(g, np.zeros((len(pool), len(FAMILIES))), np.zeros((len(pool), len(JOINT))), np.zeros((len(pool), len(JOINT))))
           for g in grid]
    for k, (tr, te) in enumerate(folds):
        train = _field_dropout([pool[i] for i in tr]) + list(rest)
        f = make_features(TITLE_WEIGHT)
        M = f.fit_transform(_frame(train)).tocsr()
        test = [pool[i] for i in te]
        Mte, Mte_fields = f.transform(_frame(test, fields=False)).tocsr(), f.transform(_frame(test)).tocsr()
        fam_y = np.array([d.offer.family or "" for d in train], dtype=object)
        joint_y = np.array([d.joint or "" for d in train], dtype=object)
        for g, fam_p, joint_p, joint_f in out:
            w = np.array([d.weight for d in train[:len(train) - len(rest)]] + [g["corpus_weight"]] * len(rest))
            has_f, has_j = fam_y != "", joint_y != ""
            fam = make_classifier(g["C"], seed).fit(M[has_f], fam_y[has_f].astype(str), sample_weight=w[has_f])
            scope = make_classifier(g["C"], seed).fit(M[has_j], joint_y[has_j].astype(str), sample_weight=w[has_j])
            fam_p[te], joint_p[te] = ordered_proba(fam, Mte, FAMILIES), ordered_proba(scope, Mte, JOINT)
            joint_f[te] = ordered_proba(scope, Mte_fields, JOINT)
        log(f"  offer models: fold {k + 1}/{len(folds)} done")
    return out


def _decide(joint: np.ndarray, t: float) -> np.ndarray:
    """In scope: both decisions of :func:`skillmine.family.decide` hold."""
    function, level = decide(joint, t)
    return function & level


def _choose_offer(pool, rest, folds, seed, log) -> dict:
    """The offer models' choice, calibrators and decision threshold, from out-of-fold predictions on the pool."""
    from sklearn.metrics import f1_score

    fam_gold = np.array([d.offer.family or "" for d in pool], dtype=object)
    joint_gold = np.array([d.joint or "" for d in pool], dtype=object)
    in_gold = joint_gold == "pm_cadre"
    has_f, has_j = fam_gold != "", joint_gold != ""
    scored = []
    for g, fam_raw, joint_raw, joint_fields in _offer_oof(pool, rest, folds, seed, log):
        fam_cals = fold_calibrators(fam_raw, fam_gold, folds, FAMILIES)
        joint_cals = fold_calibrators(joint_raw, joint_gold, folds, JOINT)
        fam_cal = crossfit_calibrated(fam_raw, fam_gold, folds, FAMILIES, fam_cals)
        joint_cal = crossfit_calibrated(joint_raw, joint_gold, folds, JOINT, joint_cals)
        fam_in = has_f & in_gold
        f_fam = f1_score(fam_gold[fam_in].astype(str), np.array(FAMILIES)[fam_cal[fam_in].argmax(1)], average="macro")
        f_in = f1_score(in_gold[has_j], _decide(joint_cal[has_j], 0.5))
        log(f"  {g}: family macro-F1 {f_fam:.3f}, in-scope F1 {f_in:.3f} (out of fold, calibrated)")
        scored.append((g, f_fam, f_in, fam_raw, joint_raw, joint_cal, list(zip(fam_cals, joint_cals)), joint_fields))
    # one choice for both (they share features and weights): the best sum of the two F1; ties go to the first
    best = max(x[1] + x[2] for x in scored)
    g, f_fam, _, fam_raw, joint_raw, joint_cal, fold_cals, joint_fields = next(x for x in scored if x[1] + x[2] >= best - TIE)
    f1s = {t: f1_score(in_gold[has_j], _decide(joint_cal[has_j], t)) for t in DECISION_THRESHOLDS}
    plateau = [t for t, f in f1s.items() if f >= max(f1s.values()) - TIE]
    threshold = plateau[len(plateau) // 2]  # the centre of the plateau: robust
    with_fields = has_j & np.array([bool(d.fields) for d in pool])
    fields_cal = crossfit_calibrated(joint_fields, joint_gold, folds, JOINT, [c for _, c in fold_cals])
    by_fields = {"offers": int(with_fields.sum())}
    if with_fields.any():
        for name, p in (("text", joint_cal), ("text_and_fields", fields_cal)):
            function, level = decide(p[with_fields], threshold)
            gold = joint_gold[with_fields]
            by_fields[name] = {
                "in_scope_f1": round(float(f1_score(in_gold[with_fields], function & level, zero_division=0)), 4),
                "function_accuracy": round(float(np.mean(function == np.isin(gold, ["pm_cadre", "pm_non_cadre"]))), 4),
                "level_accuracy": round(float(np.mean(level == np.isin(gold, ["pm_cadre", "other_cadre"]))), 4),
            }
        log(f"  offers with structured fields ({by_fields['offers']}): text alone {by_fields['text']}, "
            f"with the fields {by_fields['text_and_fields']}")
    return {
        "params": g, "decision_threshold": threshold, "structured_fields": by_fields,
        "family_cv_macro_f1": round(float(f_fam), 4), "scope_cv_f1": round(float(f1s[threshold]), 4),
        "fold_calibrators": fold_cals,
        "calibrators": (fit_calibrator(fam_raw[has_f], fam_gold[has_f], FAMILIES),
                        fit_calibrator(joint_raw[has_j], joint_gold[has_j], JOINT)),
    }


def _fold_offer_models(pool, rest, folds, choice, seed) -> list[FamilyModel]:
    """Per fold, the chosen offer models fitted without the fold, with that fold's calibrators (fitted on the other
    folds' out-of-fold predictions)."""
    w = choice["params"]["corpus_weight"]
    return [_fit_offer([pool[i] for i in tr] + [replace(d, weight=w) for d in rest], choice["params"]["C"], seed, cals)
            for (tr, _), cals in zip(folds, choice["fold_calibrators"])]


def _best_thresholds(analyses, gold) -> dict[str, float]:
    """Per category, the highest skill threshold whose offer-level F1 (out of fold) is within :data:`TIE` of the
    best; :data:`OFF` when the model adds nothing."""
    per_t = {t: score(analyses, gold, {c: t for c in CATEGORIES})["categories"] for t in THRESHOLDS + [OFF]}
    chosen = {}
    for cat in CATEGORIES:
        best = max(per_t[t][cat]["f1"] for t in per_t)
        chosen[cat] = max(t for t in per_t if per_t[t][cat]["f1"] >= best - TIE)
    return chosen


def _rule_precision(analyses, gold) -> dict[str, float]:
    """Per category, the share (smoothed) of rule mentions, outside company text, in offers that ask for the
    category: the score a rule mention carries."""
    out = {}
    for cat in CATEGORIES:
        hit = total = 0
        for a, g in zip(analyses, gold):
            truth = g.categories.get(cat)
            if truth is None:
                continue
            n = sum(1 for m in a.mentions(cat) if m.source == "rule")
            total += n
            hit += n if truth else 0
        out[cat] = round((hit + 1) / (total + 2), 4)
    return out


def train(corpus_dir: str | Path = "corpora", out_dir: str | Path = "models", seed: int = 0,
          real: Sequence[str | Path] = (), realdev: str | Path | None = None, limit: int | None = None,
          profile: str = "default", folds: int = 5, oof_out: str | Path | None = None,
          log: Callable[[str], None] = print) -> dict:
    """Train the offer models (family; function x level) and the skill model; write them with their manifest and
    model cards.

    ``real`` are folders of labelled real offers (``offers.jsonl`` + ``labels.jsonl``, the realdev format): trained
    on, and the pool of the cross-validation that makes every choice. ``limit`` keeps the first offers of each
    corpus split and of each real folder (quick trials, tests). ``realdev`` is scored once at the end, never used to
    choose anything. ``oof_out`` receives the out-of-fold reading of the pool (JSONL: a result row and the labels
    per offer, the skill thresholds applied): the errors to read before changing a model.
    """
    from .miner import SkillMiner, load
    from .modelcard import write_cards
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
    real_sets = {str(d): read_real(d)[:limit] if limit else read_real(d) for d in real}
    if limit:
        parts = {k: v[:limit] for k, v in parts.items()}
    real_offers = [o for v in real_sets.values() for o in v]
    log(f"corpus: {len(offers)} offers in {len(files)} file(s); " + ", ".join(f"{k} {len(v)}" for k, v in parts.items())
        + f"; real offers: {len(real_offers)} in {len(real_sets)} folder(s)")
    written = [_prepare(o) for o in parts["train"] + parts["dev"]]
    if real_offers:
        pool, rest = [_prepare(o) for o in real_offers], written
        groups = repost_groups([d.offer.id for d in pool], [d.text for d in pool])
    else:
        pool, rest = written, []
        groups = [str(d.offer.meta.get("author") or d.offer.id.split("-")[0]) for d in pool]
    fold_idx = make_folds([d.joint or "" for d in pool], groups, folds, seed)
    log(f"cross-validation: {len(fold_idx)} grouped folds over {len(pool)} "
        + ("real offers (the written corpus in every training part)" if real_offers else "written offers"))

    # 1. offer models: choice, calibrators and decision threshold from out-of-fold predictions on the pool
    choice = _choose_offer(pool, rest, fold_idx, seed, log)
    log(f"offer models: {choice['params']}, decision threshold {choice['decision_threshold']}")

    # 2. skill model: out-of-fold analyses of the pool (fold models for everything), then the skill thresholds
    nlp = build_nlp(profile)
    rule_cache: dict = {}
    base = {"decision_threshold": choice["decision_threshold"]}
    fold_models = _fold_offer_models(pool, rest, fold_idx, choice, seed)
    oof = [None] * len(pool)
    for k, (tr, te) in enumerate(fold_idx):
        sk = _fit_skills([pool[i] for i in tr] + list(rest), seed)
        m = SkillMiner(nlp, fold_models[k], SkillModel(sk, {c: 0.0 for c in CATEGORIES}), base, profile=profile)
        m.rule_cache = rule_cache
        _, analyses = evaluate(m, [pool[i].offer for i in te])
        for i, a in zip(te, analyses):
            oof[i] = a
        log(f"  skills: fold {k + 1}/{len(fold_idx)} done")
    pool_gold = [d.offer for d in pool]
    thresholds = _best_thresholds(oof, pool_gold)
    if oof_out is not None:
        write_oof(oof_out, oof, pool_gold, thresholds)
    rule_precision = _rule_precision(oof, pool_gold)
    cv = score(oof, pool_gold, thresholds)
    cv_headline = headline(oof, pool_gold, thresholds, seed=seed)
    log(f"skills: thresholds {thresholds}; cross-validated: " + ", ".join(
        f"{c} F1 {cv['categories'][c]['f1']:.3f}" for c in CATEGORIES)
        + f"; in scope F1 {cv['in_scope']['f1']:.3f}, family macro-F1 {cv['family_in_scope']['macro_f1']:.3f}")

    # 3. refit on everything
    w = choice["params"]["corpus_weight"]
    everything = pool + [replace(d, weight=w) for d in rest]
    family = _fit_offer(everything, choice["params"]["C"], seed, choice["calibrators"])
    skills = _fit_skills(everything, seed)

    # 4. write, reload through the checked path, and score on test (and realdev)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    hashes = {}
    saved = (("family", {"pipeline": family.family, "calibrator": family.family_calibrator}),
             ("scope", {"classifier": family.scope, "calibrator": family.scope_calibrator}),
             ("skills", skills))
    for key, obj in saved:
        hashes[MODEL_FILES[key]] = {"sha256": save_model(obj, out / MODEL_FILES[key])}
    real_files = {name: [str(Path(name) / f) for f in ("offers.jsonl", "labels.jsonl")] for name in real_sets}
    manifest = {
        "skillmine_version": __version__,
        "seed": seed,
        "training_data": {
            "files": [f.name for f in files], "sha256": data_hash(files),
            "offers": {k: len(v) for k, v in parts.items()},
            "real": [{"folder": Path(name).name, "offers": len(v), "sha256": data_hash(real_files[name]),
                      "in_scope": sum(bool(o.in_scope) for o in v)} for name, v in real_sets.items()],
        },
        "lexicon_fingerprint": nlp.get_pipe("skillmine_skills").lexicon.fingerprint,
        "chosen": {"offer_models": {**choice["params"], "cv_family_macro_f1": choice["family_cv_macro_f1"],
                                    "cv_in_scope_f1": choice["scope_cv_f1"],
                                    "structured_fields": choice["structured_fields"]},
                   "skills": {"C": SKILL_C}, "title_weight": TITLE_WEIGHT,
                   "cv": {"folds": len(fold_idx), "pool": "real" if real_offers else "written", "offers": len(pool)}},
        "decision_threshold": choice["decision_threshold"],
        "skill_thresholds": thresholds,
        "rule_precision": rule_precision,
        "files": hashes,
        "metrics": {},
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    loaded = load(profile=profile, model_dir=out)
    metrics, headlines = {"cv": cv}, {"cv": cv_headline}
    headlines["floor"] = headline([floor(g.title, g.text) for g in pool_gold], pool_gold, seed=seed)
    if parts["test"]:
        metrics["test"], analyses = evaluate(loaded, parts["test"])
        headlines["test"] = headline(analyses, parts["test"], seed=seed)
    if realdev is not None:
        gold = read_real(realdev)
        metrics["realdev"], analyses = evaluate(loaded, gold)
        headlines["realdev"] = headline(analyses, gold, seed=seed)
        headlines["floor_realdev"] = headline([floor(g.title, g.text) for g in gold], gold, seed=seed)
    for name, h in headlines.items():
        log(f"{name}: " + ", ".join(f"{k} {v['value']:.3f}" for k, v in h.items() if v["value"] is not None))
    manifest["metrics"] = {k: _summary(v) for k, v in metrics.items()}
    manifest["headline"] = headlines
    manifest["error_rates"] = error_rates(oof, pool_gold, thresholds)
    known = [(a.in_scope_score, float(g.in_scope)) for a, g in zip(oof, pool_gold) if g.in_scope is not None]
    manifest["reliability"] = reliability(np.array([k[0] for k in known]), np.array([k[1] for k in known]))
    top = [(max(a.family_scores.values()), float(a.family == g.family)) for a, g in zip(oof, pool_gold)
           if g.in_scope and g.family]
    manifest["reliability_family"] = reliability(np.array([k[0] for k in top]), np.array([k[1] for k in top]))
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    write_cards(out, manifest, metrics)
    log(f"wrote {out} in {time.perf_counter() - t0:.0f} s")
    return manifest


def write_oof(path: str | Path, analyses, gold, thresholds) -> None:
    """One JSON line per offer: its result row (categories with ``thresholds`` applied, the model mentions that
    pass them) beside its labels (``gold_*``)."""
    with open(path, "w", encoding="utf-8") as fh:
        for a, g in zip(analyses, gold):
            row = a.to_row()
            cats = categories_of(a, thresholds)
            row.update({f"has_{c}": c in cats for c in CATEGORIES})
            row["mentions"] = [m.to_dict() for m in a.skills if m.source == "rule" or m.score >= thresholds[m.category]]
            row.update({"gold_function": g.function, "gold_level": g.level, "gold_in_scope": g.in_scope,
                        "gold_family": g.family, **{f"gold_{c}": g.categories.get(c) for c in CATEGORIES},
                        "gold_evidence": {c: [g.text[s:e] for s, e in q] for c, q in g.evidence.items()},
                        "text": g.text})
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")


def error_rates(analyses, gold, thresholds) -> dict:
    """Counts of the cross-validated decisions (skill ``thresholds`` applied) against the gold labels, what
    corrected shares need: per category, for in scope, production / maintenance function and cadre level, true/false
    positives and negatives; the family confusion matrix of in-scope offers (see :mod:`skillmine.shares`)."""
    pairs = {c: [(c in categories_of(a, thresholds), g.categories.get(c)) for a, g in zip(analyses, gold)]
             for c in CATEGORIES}
    pairs["in_scope"] = [(a.in_scope, g.in_scope) for a, g in zip(analyses, gold)]
    pairs["function"] = [(a.function == "production_maintenance", None if g.function is None
                          else g.function == "production_maintenance") for a, g in zip(analyses, gold)]
    pairs["level"] = [(a.level == "cadre", None if g.level is None else g.level == "cadre") for a, g in zip(analyses, gold)]
    out: dict = {key: confusion(*known_pairs(ps)) for key, ps in pairs.items()}
    conf = {g: {p: 0 for p in FAMILIES} for g in FAMILIES}
    for a, g in zip(analyses, gold):
        if g.family and g.in_scope:
            conf[g.family][a.family] += 1
    out["family_confusion"] = conf
    return out


def _summary(m: dict) -> dict:
    """The headline figures of a metrics dict (what the manifest keeps)."""
    return {
        "n_offers": m["n_offers"],
        "family_in_scope": {k: m["family_in_scope"][k] for k in ("n", "accuracy", "macro_f1")},
        "in_scope": m["in_scope"],
        "function": m.get("function"),
        "level": m.get("level"),
        "categories": m["categories"],
        "evidence_recall": m.get("evidence_recall"),
        "spans": m.get("spans"),
    }
