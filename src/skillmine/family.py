"""Family and in-scope models: scikit-learn pipelines over a weighted title and the offer body.

Both read the same features, fitted once on every training offer: TF-IDF on the title (words and character
n-grams) and on the body (words), title cues (:class:`TitleCues`: does the title name a family's typical job, a
cadre or non-cadre level, another function?). Each then has a logistic regression calibrated by
``CalibratedClassifierCV`` (sigmoid); the family one makes a ``Pipeline`` with the features. The body is the offer
without its company-presentation and benefits blocks (see :mod:`skillmine.sections`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import re

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.base import BaseEstimator, ClassifierMixin, TransformerMixin
from sklearn.calibration import CalibratedClassifierCV
from sklearn.compose import ColumnTransformer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline

from .constants import FAMILIES
from .text import fold_text

__all__ = ["make_features", "make_classifier", "make_pipeline", "FamilyModel", "TitleCues", "TITLE_CUES"]

# What a title says, from the family definitions (DESIGN.md, corpora/GUIDELINES.md); matched on folded titles.
TITLE_CUES: dict[str, str] = {
    "direction": r"\bdirect(eur|rice|ion)\b.{0,40}\b(usine|site|industriel|operations|production|technique|general|manufactur)"
                 r"|plant manager|site manager|\bresponsable de site\b|chef d.etablissement|head of (operations|manufacturing)",
    "ingenierie": r"method|industrialis|procede|process|amelioration continue|\blean\b|excellence operationnelle"
                  r"|ingenieur (de )?production|\bnpi\b|continuous improvement",
    "maintenance": r"maintenance|fiabilit|travaux neufs|reliability|\bgmao\b",
    "pilotage": r"production|fabrication|atelier|ordonnanc|planific|\bunite\b|\bligne\b|\bsecteur\b|\bilot\b"
                r"|superviseur|supervisor|\bshift\b|chef d.equipe|conditionnement",
    "cadre": r"ingenieur|responsable|direct(eur|rice)|manager|\bchef de (service|production|fabrication|projet|atelier|departement|site|unite)"
             r"|head of|\bcadre\b|\bengineer",
    "non_cadre": r"operat(eur|rice)|conducteur|conductrice|technicien|regleu|\bagent\b|chef d.equipe|alternan|apprenti|stagiaire"
                 r"|\bstage\b|interim|monteu|soudeu|cariste|ouvri|preparat|magasinier|pilote de ligne|electromecanicien|mecanicien",
    "other_function": r"commercial|vente|business|account|acheteu|achat|approvision|\brh\b|ressources humaines|recrut|paie|comptab"
                      r"|controle(ur)? de gestion|financ|logisti|entrepot|supply chain|transport|qualite|\bhse\b|qhse|\brse\b"
                      r"|\br&d\b|\br et d\b|recherche|developpeu|informati|\bdata\b|logiciel|marketing|jurist|\bbtp\b|chantier"
                      r"|conducteur de travaux|\bit\b|devops|software|sales",
}
_CUES = [(name, re.compile(rx)) for name, rx in TITLE_CUES.items()]


class TitleCues(BaseEstimator, TransformerMixin):
    """Binary features: which of :data:`TITLE_CUES` the (folded) title matches. Stateless."""

    def fit(self, X, y=None):
        return self

    def transform(self, X):
        titles = [fold_text(t or "") for t in X]
        rows = [[1.0 if rx.search(t) else 0.0 for _, rx in _CUES] for t in titles]
        return sparse.csr_matrix(np.array(rows, dtype=np.float64).reshape(len(titles), len(_CUES)))

    def get_feature_names_out(self, input_features=None):
        return np.array([f"cue_{name}" for name, _ in _CUES], dtype=object)


def make_features(title_weight: float = 2.0, cue_weight: float = 1.0) -> ColumnTransformer:
    """Unfitted features of the family and in-scope models; ``X`` is a DataFrame with ``title`` and ``body``."""
    words = dict(preprocessor=fold_text, ngram_range=(1, 2), sublinear_tf=True, token_pattern=r"(?u)\b\w[\w+]+\b")
    return ColumnTransformer(
        [
            ("title_words", TfidfVectorizer(**words), "title"),
            ("title_chars", TfidfVectorizer(preprocessor=fold_text, analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True), "title"),
            ("body_words", TfidfVectorizer(**words, min_df=2, max_df=0.9, max_features=15000), "body"),
            ("title_cues", TitleCues(), "title"),
        ],
        transformer_weights={"title_words": title_weight, "title_chars": title_weight / 2, "body_words": 1.0,
                             "title_cues": cue_weight},
    )


def make_classifier(C: float = 4.0, seed: int = 0, cv: int = 5):
    """Unfitted logistic regression, calibrated (sigmoid) unless ``cv == 0`` (model selection only)."""
    lr = LogisticRegression(C=C, max_iter=2000, class_weight="balanced", random_state=seed)
    return lr if cv == 0 else CalibratedClassifierCV(lr, method="sigmoid", cv=cv, ensemble=False)


def make_pipeline(C: float = 4.0, title_weight: float = 2.0, seed: int = 0, cv: int = 5, cue_weight: float = 1.0) -> Pipeline:
    """An unfitted family (or in-scope) pipeline: :func:`make_features` then :func:`make_classifier`."""
    return Pipeline([("features", make_features(title_weight, cue_weight)), ("clf", make_classifier(C, seed, cv))])


def frame(titles, bodies) -> pd.DataFrame:
    return pd.DataFrame({"title": [t or "" for t in titles], "body": [b or "" for b in bodies]})


@dataclass
class FamilyModel:
    """The fitted family pipeline (features, then 4 classes) and the in-scope classifier (binary), which reads the
    same features: an offer's title and body are turned into features once for both decisions."""

    family: Pipeline
    scope: ClassifierMixin
    _names: np.ndarray | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        if isinstance(self.scope, Pipeline):
            raise ValueError("the in-scope model must be a classifier over the family features, not a pipeline "
                             "(models trained before skillmine 0.2: run `skillmine train` again)")

    @classmethod
    def fit(cls, titles, bodies, families, in_scope, family_C: float, scope_C: float, title_weight: float,
            seed: int = 0, cv: int = 5) -> "FamilyModel":
        """Fit the features on every offer, the family classifier on those with a family (``None`` elsewhere) and
        the in-scope classifier on all."""
        X = frame(titles, bodies)
        features = make_features(title_weight)
        M = features.fit_transform(X)
        has = np.array([bool(f) for f in families])
        fam = make_classifier(family_C, seed, cv).fit(M[has], np.array(families, dtype=object)[has].astype(str))
        scope = make_classifier(scope_C, seed, cv).fit(M, np.array(in_scope, dtype=bool))
        return cls(Pipeline([("features", features), ("clf", fam)]), scope)

    def predict(self, titles, bodies, evidence: int = 0):
        """Family probabilities ``(n, 4)`` in :data:`FAMILIES` order, in-scope probabilities ``(n,)``, evidence."""
        M = self.family.named_steps["features"].transform(frame(titles, bodies)).tocsr()
        fam = self.family.named_steps["clf"].predict_proba(M)
        order = [list(self.family.classes_).index(f) for f in FAMILIES]
        fam = fam[:, order]
        scope = self.scope.predict_proba(M)[:, list(self.scope.classes_).index(True)]
        ev = self.evidence(M, fam.argmax(axis=1), evidence) if evidence else [[] for _ in range(M.shape[0])]
        return fam, scope, ev

    def evidence(self, M, best: np.ndarray, top: int) -> list[list[tuple[str, float]]]:
        """Word features that weigh most for the predicted family (feature value x coefficient); ``M`` is the
        feature matrix of the offers."""
        features = self.family.named_steps["features"]
        lr = self.family.named_steps["clf"].calibrated_classifiers_[0].estimator
        if self._names is None:  # computed once: it walks every vocabulary
            self._names = features.get_feature_names_out()
        names = self._names
        classes = list(lr.classes_)
        out = []
        for i, k in enumerate(best):
            row = M.getrow(i)
            coef = lr.coef_[classes.index(FAMILIES[k])]
            contrib = {}
            for j, v in zip(row.indices, row.data):
                name = names[j]
                if name.startswith("title_chars__"):
                    continue
                word = name.split("__", 1)[1]
                if name.startswith("title_cues__"):
                    word = "titre : " + word[len("cue_"):]
                contrib[word] = contrib.get(word, 0.0) + float(v * coef[j])
            best_words = sorted(((w, c) for w, c in contrib.items() if c > 0), key=lambda x: -x[1])[:top]
            out.append([(w, round(c, 4)) for w, c in best_words])
        return out
