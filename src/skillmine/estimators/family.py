"""Offer-level models: the family, and the function x level decision that says whether an offer is in scope.

Both read the same features, fitted once on every training offer: TF-IDF on the title (words and character
n-grams) and on the body (words), and cues (:class:`Cues`): what the title says (a family's typical job, a
cadre or non-cadre level, another function) and what the body says of the level (diplomas, status, pay, shifts,
reporting line) and of the sector. The body is the offer without its company-presentation and benefits blocks
(see :mod:`skillmine.text.sections`).

* the family classifier: a logistic regression over the four :data:`FAMILIES`, trained on production and
  maintenance offers (cadre or not: the family is the nearest of the four);
* the scope classifier: a logistic regression over the four :data:`JOINT` classes (function x level), so that
  ``function_score``, ``level_score`` and ``in_scope_score`` are sums of one distribution and agree;
* each has a calibrator, a multinomial logistic regression over its log-probabilities, fitted on out-of-fold
  predictions on labelled real offers (see :mod:`skillmine.training.train`): probabilities that mean what they say on real
  offers, whatever the mix of written and real offers in training.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline

from skillmine.constants import FAMILIES
from skillmine.estimators.cues import BODY_CUES, TITLE_CUES, Cues
from skillmine.estimators.structured import Fields
from skillmine.estimators.vectorize import Tfidf
from skillmine.text.fold import fold_text

JOINT: tuple[str, ...] = ("pm_cadre", "pm_non_cadre", "other_cadre", "other_non_cadre")
"""Classes of the scope classifier: function (production/maintenance or other) x level (cadre or not)."""


def joint_label(function: str | None, level: str | None) -> str | None:
    """The :data:`JOINT` class of a function and a level (``None`` when either is unknown)."""
    if function is None or level is None:
        return None
    return ("pm" if function == "production_maintenance" else "other") + "_" + level


def make_features(title_weight: float = 1.0, cue_weight: float = 1.0) -> ColumnTransformer:
    """Unfitted features of the offer models; ``X`` is a DataFrame with ``title``, ``body``, ``text`` (the whole
    offer: pay and status often sit in the blocks that the body leaves out) and ``fields`` (the structured fields of
    :mod:`skillmine.estimators.structured`, or ``None``)."""
    words = dict(preprocessor=fold_text, ngram_range=(1, 2), sublinear_tf=True, token_pattern=r"(?u)\b\w[\w+]+\b")
    return ColumnTransformer(
        [
            ("title_words", Tfidf(**words), "title"),
            (
                "title_chars",
                Tfidf(preprocessor=fold_text, analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True),
                "title",
            ),
            ("body_words", Tfidf(**words, min_df=2, max_df=0.9, max_features=15000), "body"),
            ("title_cues", Cues([list(p) for p in TITLE_CUES.items()]), "title"),
            ("body_cues", Cues([list(p) for p in BODY_CUES.items()]), "text"),
            ("fields", Fields(), "fields"),
        ],
        transformer_weights={
            "title_words": title_weight,
            "title_chars": title_weight / 2,
            "body_words": 1.0,
            "title_cues": cue_weight,
            "body_cues": cue_weight,
            "fields": cue_weight,
        },
    )


def make_classifier(C: float = 4.0, seed: int = 0) -> LogisticRegression:
    """Unfitted logistic regression (classes balanced; calibration comes after, see :func:`fit_calibrator`)."""
    return LogisticRegression(C=C, max_iter=3000, class_weight="balanced", random_state=seed)


def frame(titles, bodies, texts, fields=None) -> pd.DataFrame:
    """The input of :func:`make_features`; ``fields`` (one mapping or ``None`` per offer) defaults to none."""
    return pd.DataFrame(
        {
            "title": [t or "" for t in titles],
            "body": [b or "" for b in bodies],
            "text": [t or "" for t in texts],
            "fields": [None] * len(titles) if fields is None else list(fields),
        }
    )


def _logits(proba: np.ndarray) -> np.ndarray:
    return np.log(np.clip(proba, 1e-6, 1.0))


def fit_calibrator(proba: np.ndarray, y, classes, sample_weight=None) -> LogisticRegression:
    """A multinomial logistic regression from the log-probabilities ``proba`` (columns in ``classes`` order) to the
    labels ``y``: Platt scaling generalised to several classes (vector scaling)."""
    return LogisticRegression(C=100.0, max_iter=2000).fit(_logits(proba), np.asarray(y), sample_weight=sample_weight)


def calibrated(calibrator: LogisticRegression | None, proba: np.ndarray, classes) -> np.ndarray:
    """``proba`` through ``calibrator`` (columns in ``classes`` order; a class the calibrator never saw gets 0)."""
    if calibrator is None:
        return proba
    p = calibrator.predict_proba(_logits(proba))
    known = list(calibrator.classes_)
    out = np.zeros_like(proba)
    for j, c in enumerate(classes):
        if c in known:
            out[:, j] = p[:, known.index(c)]
    return out / out.sum(axis=1, keepdims=True)


def _columns(clf, classes) -> list[int]:
    have = list(clf.classes_)
    return [have.index(c) if c in have else -1 for c in classes]


def ordered_proba(clf, M, classes) -> np.ndarray:
    """``clf.predict_proba(M)`` with columns in ``classes`` order (0 for a class the classifier never saw)."""
    p = clf.predict_proba(M)
    out = np.zeros((M.shape[0], len(classes)))
    for j, k in enumerate(_columns(clf, classes)):
        if k >= 0:
            out[:, j] = p[:, k]
    return out


def decide(joint: np.ndarray, threshold: float) -> tuple[np.ndarray, np.ndarray]:
    """The two decisions behind in scope, from :data:`JOINT` probabilities: function is production/maintenance,
    and level is cadre, where each probability reaches ``threshold``."""
    return joint[:, 0] + joint[:, 1] >= threshold, joint[:, 0] + joint[:, 2] >= threshold


@dataclass
class OfferScores:
    """Calibrated probabilities of a batch: ``family`` ``(n, 4)`` in :data:`FAMILIES` order, ``joint`` ``(n, 4)``
    in :data:`JOINT` order, and the family evidence words of each offer."""

    family: np.ndarray
    joint: np.ndarray
    evidence: list[list[tuple[str, float]]]

    @property
    def function(self) -> np.ndarray:
        """P(function = production_maintenance)."""
        return self.joint[:, 0] + self.joint[:, 1]

    @property
    def level(self) -> np.ndarray:
        """P(level = cadre)."""
        return self.joint[:, 0] + self.joint[:, 2]

    @property
    def in_scope(self) -> np.ndarray:
        """P(production_maintenance and cadre)."""
        return self.joint[:, 0]


@dataclass
class FamilyModel:
    """The fitted offer models: ``family`` is a ``Pipeline`` (features, then the family classifier); ``scope``
    the :data:`JOINT` classifier over the same features; each with its calibrator (or ``None``)."""

    family: Pipeline
    scope: LogisticRegression
    family_calibrator: LogisticRegression | None = None
    scope_calibrator: LogisticRegression | None = None
    _names: np.ndarray | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        if (
            not isinstance(self.family, Pipeline)
            or not isinstance(self.scope, LogisticRegression)
            or not set(self.scope.classes_) <= set(JOINT)
        ):
            raise ValueError(
                "these offer models come from an older skillmine (no function x level classifier): "
                "run `skillmine train` again"
            )

    @property
    def features(self) -> ColumnTransformer:
        return self.family.named_steps["features"]

    @classmethod
    def fit(
        cls,
        titles,
        bodies,
        texts,
        families,
        joint,
        family_C: float,
        scope_C: float,
        title_weight: float,
        seed: int = 0,
        sample_weight=None,
        family_calibrator=None,
        scope_calibrator=None,
        fields=None,
    ) -> "FamilyModel":
        """Fit the features on every offer, the family classifier on those with a family (``None`` elsewhere) and
        the scope classifier on those with a :data:`JOINT` label."""
        features = make_features(title_weight)
        M = features.fit_transform(frame(titles, bodies, texts, fields)).tocsr()
        w = np.ones(M.shape[0]) if sample_weight is None else np.asarray(sample_weight, dtype=float)
        fam_y = np.array([f or "" for f in families], dtype=object)
        has = fam_y != ""
        fam = make_classifier(family_C, seed).fit(M[has], fam_y[has].astype(str), sample_weight=w[has])
        joint_y = np.array([j or "" for j in joint], dtype=object)
        has = joint_y != ""
        scope = make_classifier(scope_C, seed).fit(M[has], joint_y[has].astype(str), sample_weight=w[has])
        return cls(Pipeline([("features", features), ("clf", fam)]), scope, family_calibrator, scope_calibrator)

    def raw(self, M) -> tuple[np.ndarray, np.ndarray]:
        """Uncalibrated probabilities ``(family, joint)`` of a feature matrix."""
        return ordered_proba(self.family.named_steps["clf"], M, FAMILIES), ordered_proba(self.scope, M, JOINT)

    def predict(self, titles, bodies, texts, fields=None, evidence: int = 0) -> OfferScores:
        """Calibrated probabilities of a batch (see :class:`OfferScores`), with ``evidence`` words an offer;
        ``fields`` are the offers' structured fields (see :mod:`skillmine.estimators.structured`), if any."""
        M = self.features.transform(frame(titles, bodies, texts, fields)).tocsr()
        fam, joint = self.raw(M)
        fam = calibrated(self.family_calibrator, fam, FAMILIES)
        joint = calibrated(self.scope_calibrator, joint, JOINT)
        ev = self.evidence(M, fam.argmax(axis=1), evidence) if evidence else [[] for _ in range(M.shape[0])]
        return OfferScores(fam, joint, ev)

    def evidence(self, M, best: np.ndarray, top: int) -> list[list[tuple[str, float]]]:
        """Word features that weigh most for the predicted family (feature value x coefficient); ``M`` is the
        feature matrix of the offers."""
        lr = self.family.named_steps["clf"]
        if self._names is None:  # computed once: it walks every vocabulary
            self._names = self.features.get_feature_names_out()
        names = self._names
        classes = list(lr.classes_)
        out = []
        for i, k in enumerate(best):
            row = M.getrow(i)
            coef = lr.coef_[classes.index(FAMILIES[k])]
            contrib: dict[str, float] = {}
            for j, v in zip(row.indices, row.data):
                name = names[j]
                if name.startswith("title_chars__"):
                    continue
                word = name.split("__", 1)[1]
                if name.startswith("title_cues__"):
                    word = "titre : " + word[len("cue_") :]
                elif name.startswith("body_cues__"):
                    word = "texte : " + word[len("cue_") :]
                elif name.startswith("fields__"):
                    word = "champ : " + word
                contrib[word] = contrib.get(word, 0.0) + float(v * coef[j])
            best_words = sorted(((w, c) for w, c in contrib.items() if c > 0), key=lambda x: -x[1])[:top]
            out.append([(w, round(c, 4)) for w, c in best_words])
        return out
