"""The skill model: scores each sentence of an offer per category and finds the words that carry the skill.

A ``Pipeline`` of TF-IDF word (1-2) n-grams (and character 3-5-grams when they pay on dev) and one logistic regression per category
(``OneVsRestClassifier``). Where it scores a sentence above the category's threshold (chosen on dev) and the
lexicon found nothing of that category there, the mention it adds spans the run of words whose word-feature
weights sum highest (a maximum-sum window), so that it points at the skill rather than at the whole sentence.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline

from skillmine.constants import CATEGORIES
from skillmine.estimators.vectorize import Tfidf
from skillmine.text.fold import fold_text

UNKNOWN = -1
"""A label value of the skill model's ``y``: not known for this sentence and category (a sentence of a real offer
that asks for the category but is not one of the annotators' quotes); left out of that category's fit."""


class MaskedOneVsRest(BaseEstimator, ClassifierMixin):
    """One binary classifier per column of an indicator matrix ``y`` whose entries are 1, 0 or :data:`UNKNOWN`;
    each column is fitted on its known rows only.

    >>> import numpy as np
    >>> X = np.array([[0.0], [1.0], [2.0], [3.0]])
    >>> y = np.array([[0, 1], [0, -1], [1, 0], [1, -1]])
    >>> MaskedOneVsRest(LogisticRegression()).fit(X, y).predict_proba(X).shape
    (4, 2)
    """

    def __init__(self, estimator=None):
        self.estimator = estimator

    def fit(self, X, y, sample_weight=None):
        y = np.asarray(y)
        w = np.ones(y.shape[0]) if sample_weight is None else np.asarray(sample_weight, dtype=float)
        self.estimators_ = []
        for j in range(y.shape[1]):
            known = y[:, j] != UNKNOWN
            self.estimators_.append(clone(self.estimator).fit(X[known], y[known, j], sample_weight=w[known]))
        return self

    def predict_proba(self, X):
        return np.column_stack(
            [
                est.predict_proba(X)[:, list(est.classes_).index(1)] if 1 in est.classes_ else np.zeros(X.shape[0])
                for est in self.estimators_
            ]
        )

    def predict(self, X):
        return (self.predict_proba(X) >= 0.5).astype(int)


_WORD = re.compile(r"\w[\w+]+")
_TRIM = re.compile(r"^(?:et|ou|de|du|des|la|le|les|l|d|en|un|une|a|au|aux|sur|pour|par|avec)$")


def make_skill_pipeline(C: float = 1.0, seed: int = 0, chars: bool = False) -> Pipeline:
    """An unfitted skill pipeline; ``X`` is a list of sentences, ``y`` an ``(n, 3)`` matrix of 1, 0 or
    :data:`UNKNOWN`.

    ``chars`` adds character 3-5-grams to the word 1-2-grams (more robust to spelling, about 3x slower)."""
    parts = [
        (
            "words",
            Tfidf(
                preprocessor=fold_text,
                ngram_range=(1, 2),
                sublinear_tf=True,
                min_df=2,
                max_features=15000,
                token_pattern=r"(?u)\b\w[\w+]+\b",
            ),
        )
    ]
    if chars:
        parts.append(
            (
                "chars",
                Tfidf(
                    preprocessor=fold_text,
                    analyzer="char_wb",
                    ngram_range=(3, 5),
                    sublinear_tf=True,
                    min_df=3,
                    max_features=20000,
                ),
            )
        )
    features = FeatureUnion(parts)
    clf = MaskedOneVsRest(LogisticRegression(C=C, max_iter=2000, class_weight="balanced", random_state=seed))
    return Pipeline([("features", features), ("clf", clf)])


@lru_cache(maxsize=1)
def _gates() -> dict[str, tuple[re.Pattern, re.Pattern | None]]:
    spec = json.loads(resources.files("skillmine.estimators").joinpath("model_gates.json").read_text(encoding="utf-8"))
    return {
        cat: (re.compile(g["requires"]), re.compile(g["excludes"]) if g.get("excludes") else None)
        for cat, g in spec.items()
        if not cat.startswith("_")
    }


def passes_gate(category: str, words: str) -> bool:
    """Whether a model mention of ``category`` over ``words`` holds what the category needs
    (``model_gates.json`` beside this module): a green mention must name something of the ecological transition, a digital one
    something of IT or data; management has no gate.

    >>> passes_gate("green", "réduire les consommations d'énergie"), passes_gate("green", "règles de sécurité")
    (True, False)
    >>> passes_gate("green", "un environnement de travail stimulant"), passes_gate("digital", "outils bureautiques")
    (False, False)
    """
    gate = _gates().get(category)
    if gate is None:
        return True
    requires, excludes = gate
    folded = fold_text(words)
    if excludes is not None:
        folded = excludes.sub(" ", folded)
    return requires.search(folded) is not None


@dataclass
class SkillModel:
    """The fitted pipeline, the per-category thresholds, and word weights for locating a mention."""

    pipeline: Pipeline
    thresholds: dict[str, float]
    _weights: list[dict[str, float]] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        words = self.pipeline.named_steps["features"].transformer_list[0][1]
        vocab = words.vocabulary_
        n_words = len(vocab)
        self._weights = []
        for est in self.pipeline.named_steps["clf"].estimators_:
            coef = est.coef_[0][:n_words]
            self._weights.append({term: float(coef[j]) for term, j in vocab.items() if coef[j] != 0.0})

    def scores(self, sentences: list[str]) -> np.ndarray:
        """Probability of each category for each sentence, ``(n, 3)`` in :data:`CATEGORIES` order."""
        if not sentences:
            return np.zeros((0, len(CATEGORIES)))
        return self.pipeline.predict_proba(sentences)

    def locate(self, sentence: str, category: str, max_words: int = 10) -> tuple[int, int] | None:
        """Character span (within ``sentence``) of the words that weigh most for ``category``."""
        weights = self._weights[CATEGORIES.index(category)]
        toks = [(m.start(), m.end()) for m in _WORD.finditer(sentence)]
        if not toks:
            return None
        folded = [fold_text(sentence[s:e]) for s, e in toks]
        score = np.array([weights.get(f, 0.0) for f in folded])
        for i in range(len(toks) - 1):
            w = weights.get(folded[i] + " " + folded[i + 1], 0.0)
            score[i] += w / 2
            score[i + 1] += w / 2
        best, best_span, cur, cur_start = 0.0, None, 0.0, 0
        for i, v in enumerate(score):
            if cur <= 0:
                cur, cur_start = 0.0, i
            cur += v
            if i - cur_start >= max_words:
                cur -= score[cur_start]
                cur_start += 1
            if cur > best:
                best, best_span = cur, (cur_start, i)
        if best_span is None:
            return None
        i, j = best_span
        while i < j and _TRIM.match(folded[i]):
            i += 1
        while j > i and _TRIM.match(folded[j]):
            j -= 1
        return toks[i][0], toks[j][1]
