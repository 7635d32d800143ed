"""The TF-IDF vectoriser of the models, saved compactly.

A fitted ``TfidfVectorizer`` keeps its vocabulary as a dict of tens of thousands of entries, which ``skops.io``
saves and loads entry by entry (seconds at every ``skillmine.load()``). :class:`Tfidf` saves it as one array of
terms in index order and rebuilds the dict when loaded: the same features, loaded in a fraction of the time.

>>> v = Tfidf().fit(["la GMAO du site", "le MES du site"])
>>> state = v.__getstate__()
>>> "vocabulary_" in state, state["_terms"].tolist()
(False, ['du', 'gmao', 'la', 'le', 'mes', 'site'])
>>> w = Tfidf.__new__(Tfidf); w.__setstate__(state); w.vocabulary_ == v.vocabulary_
True
"""

from __future__ import annotations

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer


class Tfidf(TfidfVectorizer):
    """``TfidfVectorizer`` whose fitted vocabulary is saved as one array (see the module)."""

    def __getstate__(self):
        state = dict(super().__getstate__())  # (the object's own dict otherwise: not to be changed)
        vocabulary = state.pop("vocabulary_", None)
        if vocabulary is not None:
            terms = np.empty(len(vocabulary), dtype=object)
            for term, index in vocabulary.items():
                terms[index] = term
            state["_terms"] = np.array(terms.tolist(), dtype=str)
        return state

    def __setstate__(self, state):
        state = dict(state)
        terms = state.pop("_terms", None)
        if terms is not None:
            state["vocabulary_"] = {t: i for i, t in enumerate(terms.tolist())}
        super().__setstate__(state)
