"""``skillmine train``: rebuild the models of ``models/`` from ``corpora/`` and labelled real offers, deterministically.

Choices (hyper-parameters, calibration, decision and skill thresholds) are made by grouped cross-validation on the
labelled real offers given with ``real`` (see :mod:`skillmine.training.crossval`); the written corpus's train + dev is in
every fold's training part. Without real offers, the written corpus's train + dev is the pool, grouped by writer.
The chosen models are refitted on everything, then scored once on the corpus's ``test`` split and, when given, on
``realdev`` (evaluation only: never used to choose anything).
"""

from __future__ import annotations

import json
import time
from dataclasses import replace
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from skillmine import __version__
from skillmine.constants import CATEGORIES, FAMILIES
from skillmine.estimators.artifacts import MODEL_FILES, save_model
from skillmine.training.corpus import GoldOffer, corpus_files, data_hash, read_corpus, read_real, read_split
from skillmine.training.crossval import make_folds, reliability, repost_groups
from skillmine.training.evaluate import categories_of, confusion, evaluate, headline, known_pairs, score
from skillmine.training.floor import floor
from skillmine.training.prepare import prepare, split_of
from skillmine.training.select import (
    SKILL_C,
    TITLE_WEIGHT,
    best_thresholds,
    choose_offer,
    fit_offer,
    fit_skills,
    fold_offer_models,
    measure_rule_precision,
)


def train(
    corpus_dir: str | Path = "corpora",
    out_dir: str | Path = "models",
    seed: int = 0,
    real: Sequence[str | Path] = (),
    realdev: str | Path | None = None,
    limit: int | None = None,
    profile: str = "default",
    folds: int = 5,
    oof_out: str | Path | None = None,
    log: Callable[[str], None] = print,
) -> dict:
    """Train the offer models (family; function x level) and the skill model; write them with their manifest and
    model cards.

    ``real`` are folders of labelled real offers (``offers.jsonl`` + ``labels.jsonl``, the realdev format): trained
    on, and the pool of the cross-validation that makes every choice. ``limit`` keeps the first offers of each
    corpus split and of each real folder (quick trials, tests). ``realdev`` is scored once at the end, never used to
    choose anything. ``oof_out`` receives the out-of-fold reading of the pool (JSONL: a result row and the labels
    per offer, the skill thresholds applied): the errors to read before changing a model.
    """
    from skillmine.estimators.skills import SkillModel
    from skillmine.miner.facade import SkillMiner, load
    from skillmine.pipes.nlp import build_nlp
    from skillmine.training.cards import write_cards

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
    log(
        f"corpus: {len(offers)} offers in {len(files)} file(s); "
        + ", ".join(f"{k} {len(v)}" for k, v in parts.items())
        + f"; real offers: {len(real_offers)} in {len(real_sets)} folder(s)"
    )
    written = [prepare(o) for o in parts["train"] + parts["dev"]]
    if real_offers:
        pool, rest = [prepare(o) for o in real_offers], written
        groups = repost_groups([d.offer.id for d in pool], [d.text for d in pool])
    else:
        pool, rest = written, []
        groups = [str(d.offer.meta.get("author") or d.offer.id.split("-")[0]) for d in pool]
    fold_idx = make_folds([d.joint or "" for d in pool], groups, folds, seed)
    log(
        f"cross-validation: {len(fold_idx)} grouped folds over {len(pool)} "
        + ("real offers (the written corpus in every training part)" if real_offers else "written offers")
    )

    # 1. offer models: choice, calibrators and decision threshold from out-of-fold predictions on the pool
    choice = choose_offer(pool, rest, fold_idx, seed, log)
    log(f"offer models: {choice['params']}, decision threshold {choice['decision_threshold']}")

    # 2. skill model: out-of-fold analyses of the pool (fold models for everything), then the skill thresholds
    nlp = build_nlp(profile)
    rule_cache: dict = {}
    base = {"decision_threshold": choice["decision_threshold"]}
    fold_models = fold_offer_models(pool, rest, fold_idx, choice, seed)
    oof = [None] * len(pool)
    for k, (tr, te) in enumerate(fold_idx):
        sk = fit_skills([pool[i] for i in tr] + list(rest), seed)
        m = SkillMiner(nlp, fold_models[k], SkillModel(sk, {c: 0.0 for c in CATEGORIES}), base, profile=profile)
        m.rule_cache = rule_cache
        _, analyses = evaluate(m, [pool[i].offer for i in te])
        for i, a in zip(te, analyses):
            oof[i] = a
        log(f"  skills: fold {k + 1}/{len(fold_idx)} done")
    pool_gold = [d.offer for d in pool]
    thresholds = best_thresholds(oof, pool_gold)
    if oof_out is not None:
        write_oof(oof_out, oof, pool_gold, thresholds)
    rule_precision = measure_rule_precision(oof, pool_gold)
    cv = score(oof, pool_gold, thresholds)
    cv_headline = headline(oof, pool_gold, thresholds, seed=seed)
    log(
        f"skills: thresholds {thresholds}; cross-validated: "
        + ", ".join(f"{c} F1 {cv['categories'][c]['f1']:.3f}" for c in CATEGORIES)
        + f"; in scope F1 {cv['in_scope']['f1']:.3f}, family macro-F1 {cv['family_in_scope']['macro_f1']:.3f}"
    )

    # 3. refit on everything
    w = choice["params"]["corpus_weight"]
    everything = pool + [replace(d, weight=w) for d in rest]
    family = fit_offer(everything, choice["params"]["C"], seed, choice["calibrators"])
    skills = fit_skills(everything, seed)

    # 4. write, reload through the checked path, and score on test (and realdev)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    hashes = {}
    saved = (
        ("family", {"pipeline": family.family, "calibrator": family.family_calibrator}),
        ("scope", {"classifier": family.scope, "calibrator": family.scope_calibrator}),
        ("skills", skills),
    )
    for key, obj in saved:
        hashes[MODEL_FILES[key]] = {"sha256": save_model(obj, out / MODEL_FILES[key])}
    real_files = {name: [str(Path(name) / f) for f in ("offers.jsonl", "labels.jsonl")] for name in real_sets}
    manifest = {
        "skillmine_version": __version__,
        "seed": seed,
        "training_data": {
            "files": [f.name for f in files],
            "sha256": data_hash(files),
            "offers": {k: len(v) for k, v in parts.items()},
            "real": [
                {
                    "folder": Path(name).name,
                    "offers": len(v),
                    "sha256": data_hash(real_files[name]),
                    "in_scope": sum(bool(o.in_scope) for o in v),
                }
                for name, v in real_sets.items()
            ],
        },
        "lexicon_fingerprint": nlp.get_pipe("skillmine_skills").lexicon.fingerprint,
        "chosen": {
            "offer_models": {
                **choice["params"],
                "cv_family_macro_f1": choice["family_cv_macro_f1"],
                "cv_in_scope_f1": choice["scope_cv_f1"],
                "structured_fields": choice["structured_fields"],
            },
            "skills": {"C": SKILL_C},
            "title_weight": TITLE_WEIGHT,
            "cv": {"folds": len(fold_idx), "pool": "real" if real_offers else "written", "offers": len(pool)},
        },
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
    top = [
        (max(a.family_scores.values()), float(a.family == g.family))
        for a, g in zip(oof, pool_gold)
        if g.in_scope and g.family
    ]
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
            row.update(
                {
                    "gold_function": g.function,
                    "gold_level": g.level,
                    "gold_in_scope": g.in_scope,
                    "gold_family": g.family,
                    **{f"gold_{c}": g.categories.get(c) for c in CATEGORIES},
                    "gold_evidence": {c: [g.text[s:e] for s, e in q] for c, q in g.evidence.items()},
                    "text": g.text,
                }
            )
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")


def error_rates(analyses, gold, thresholds) -> dict:
    """Counts of the cross-validated decisions (skill ``thresholds`` applied) against the gold labels, what
    corrected shares need: per category, for in scope, production / maintenance function and cadre level, true/false
    positives and negatives; the family confusion matrix of in-scope offers (see :mod:`skillmine.analysis.shares`)."""
    pairs = {
        c: [(c in categories_of(a, thresholds), g.categories.get(c)) for a, g in zip(analyses, gold)]
        for c in CATEGORIES
    }
    pairs["in_scope"] = [(a.in_scope, g.in_scope) for a, g in zip(analyses, gold)]
    pairs["function"] = [
        (a.function == "production_maintenance", None if g.function is None else g.function == "production_maintenance")
        for a, g in zip(analyses, gold)
    ]
    pairs["level"] = [
        (a.level == "cadre", None if g.level is None else g.level == "cadre") for a, g in zip(analyses, gold)
    ]
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
