"""Model selection by grouped cross-validation on labelled real offers: the offer-model grid, calibration and
decision thresholds, skill thresholds and the precision of each rule category."""

from __future__ import annotations

from dataclasses import replace
from typing import Sequence

import numpy as np

from skillmine.constants import CATEGORIES, FAMILIES
from skillmine.estimators.family import (
    JOINT,
    FamilyModel,
    decide,
    fit_calibrator,
    make_classifier,
    make_features,
    ordered_proba,
)
from skillmine.training.crossval import crossfit_calibrated, fold_calibrators
from skillmine.training.evaluate import score
from skillmine.training.prepare import Prepared, field_dropout, offer_frame

OFFER_GRID = [{"C": c, "corpus_weight": w} for w in (1.0, 0.3) for c in (4.0, 1.0)]
"""Offer-model choices tried by cross-validation; on ties (within :data:`TIE`) the first wins."""
SKILL_C = 1.0
TIE = 0.01
THRESHOLDS = [round(float(t), 2) for t in np.arange(0.30, 0.96, 0.05)]
DECISION_THRESHOLDS = [round(float(t), 2) for t in np.arange(0.35, 0.66, 0.05)]
OFF = 1.01
"""A skill threshold above 1: the model adds no mention of that category."""
TITLE_WEIGHT = 1.0


def fit_offer(data: Sequence[Prepared], C: float, seed: int, calibrators=(None, None)) -> FamilyModel:
    data = field_dropout(data)
    return FamilyModel.fit(
        [d.offer.title for d in data],
        [d.body for d in data],
        [d.text for d in data],
        [d.offer.family for d in data],
        [d.joint for d in data],
        family_C=C,
        scope_C=C,
        title_weight=TITLE_WEIGHT,
        seed=seed,
        sample_weight=[d.weight for d in data],
        family_calibrator=calibrators[0],
        scope_calibrator=calibrators[1],
        fields=[d.fields for d in data],
    )


def fit_skills(data: Sequence[Prepared], seed: int):
    from skillmine.estimators.skills import make_skill_pipeline

    X = [s for d in data for s, _ in d.segments]
    Y = np.array([labels for d in data for _, labels in d.segments], dtype=int).reshape(len(X), len(CATEGORIES))
    w = np.array([d.weight for d in data for _ in d.segments])
    return make_skill_pipeline(C=SKILL_C, seed=seed).fit(X, Y, clf__sample_weight=w)


def _offer_oof(pool, rest, folds, seed, log) -> list[tuple[dict, np.ndarray, np.ndarray]]:
    """Out-of-fold raw family and joint probabilities of the pool for each choice of :data:`OFFER_GRID`, read on
    the text alone, and the joint ones read with the structured fields as well."""
    grid = OFFER_GRID if rest else [g for g in OFFER_GRID if g["corpus_weight"] == OFFER_GRID[0]["corpus_weight"]]
    out = [
        (g, np.zeros((len(pool), len(FAMILIES))), np.zeros((len(pool), len(JOINT))), np.zeros((len(pool), len(JOINT))))
        for g in grid
    ]
    for k, (tr, te) in enumerate(folds):
        train = field_dropout([pool[i] for i in tr]) + list(rest)
        f = make_features(TITLE_WEIGHT)
        M = f.fit_transform(offer_frame(train)).tocsr()
        test = [pool[i] for i in te]
        Mte, Mte_fields = f.transform(offer_frame(test, fields=False)).tocsr(), f.transform(offer_frame(test)).tocsr()
        fam_y = np.array([d.offer.family or "" for d in train], dtype=object)
        joint_y = np.array([d.joint or "" for d in train], dtype=object)
        for g, fam_p, joint_p, joint_f in out:
            w = np.array([d.weight for d in train[: len(train) - len(rest)]] + [g["corpus_weight"]] * len(rest))
            has_f, has_j = fam_y != "", joint_y != ""
            fam = make_classifier(g["C"], seed).fit(M[has_f], fam_y[has_f].astype(str), sample_weight=w[has_f])
            scope = make_classifier(g["C"], seed).fit(M[has_j], joint_y[has_j].astype(str), sample_weight=w[has_j])
            fam_p[te], joint_p[te] = ordered_proba(fam, Mte, FAMILIES), ordered_proba(scope, Mte, JOINT)
            joint_f[te] = ordered_proba(scope, Mte_fields, JOINT)
        log(f"  offer models: fold {k + 1}/{len(folds)} done")
    return out


def _decide(joint: np.ndarray, t: float) -> np.ndarray:
    """In scope: both decisions of :func:`skillmine.estimators.family.decide` hold."""
    function, level = decide(joint, t)
    return function & level


def choose_offer(pool, rest, folds, seed, log) -> dict:
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
    g, f_fam, _, fam_raw, joint_raw, joint_cal, fold_cals, joint_fields = next(
        x for x in scored if x[1] + x[2] >= best - TIE
    )
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
        log(
            f"  offers with structured fields ({by_fields['offers']}): text alone {by_fields['text']}, "
            f"with the fields {by_fields['text_and_fields']}"
        )
    return {
        "params": g,
        "decision_threshold": threshold,
        "structured_fields": by_fields,
        "family_cv_macro_f1": round(float(f_fam), 4),
        "scope_cv_f1": round(float(f1s[threshold]), 4),
        "fold_calibrators": fold_cals,
        "calibrators": (
            fit_calibrator(fam_raw[has_f], fam_gold[has_f], FAMILIES),
            fit_calibrator(joint_raw[has_j], joint_gold[has_j], JOINT),
        ),
    }


def fold_offer_models(pool, rest, folds, choice, seed) -> list[FamilyModel]:
    """Per fold, the chosen offer models fitted without the fold, with that fold's calibrators (fitted on the other
    folds' out-of-fold predictions)."""
    w = choice["params"]["corpus_weight"]
    return [
        fit_offer([pool[i] for i in tr] + [replace(d, weight=w) for d in rest], choice["params"]["C"], seed, cals)
        for (tr, _), cals in zip(folds, choice["fold_calibrators"])
    ]


def best_thresholds(analyses, gold) -> dict[str, float]:
    """Per category, the highest skill threshold whose offer-level F1 (out of fold) is within :data:`TIE` of the
    best; :data:`OFF` when the model adds nothing."""
    per_t = {t: score(analyses, gold, {c: t for c in CATEGORIES})["categories"] for t in THRESHOLDS + [OFF]}
    chosen = {}
    for cat in CATEGORIES:
        best = max(per_t[t][cat]["f1"] for t in per_t)
        chosen[cat] = max(t for t in per_t if per_t[t][cat]["f1"] >= best - TIE)
    return chosen


def measure_rule_precision(analyses, gold) -> dict[str, float]:
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
