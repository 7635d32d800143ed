"""Skill discovery: phrases of a corpus that the lexicon does not know but that read like skills.

Candidates are noun phrases found with a spaCy ``Matcher`` over part-of-speech tags (a noun, then adjectives,
nouns or "de + noun"), minus those the lexicon already matches. Each distinct phrase (folded) is scored by the
skill model per category; the table lists frequency, best category, mean score and two example contexts. It is
how a lexicon grows from real data: review the top rows, add the good ones to a user lexicon.
"""

from __future__ import annotations

import collections
from typing import Any, Iterable

import pandas as pd

from skillmine.constants import CATEGORIES
from skillmine.text.fold import fold_text

CANDIDATE_PATTERNS = [
    [{"POS": {"IN": ["NOUN", "PROPN"]}}, {"POS": "ADJ", "OP": "+"}],
    [
        {"POS": "NOUN"},
        {"POS": "ADJ", "OP": "*"},
        {"LOWER": {"IN": ["de", "des", "du", "d'", "d’"]}},
        {"POS": "DET", "OP": "?"},
        {"POS": {"IN": ["NOUN", "PROPN"]}},
        {"POS": "ADJ", "OP": "*"},
    ],
    [{"POS": "NOUN"}, {"POS": "PROPN", "OP": "+"}],
]
_CONTEXT = 60


def _context(text: str, start: int, end: int) -> str:
    left = text[max(0, start - _CONTEXT) : start].split("\n")[-1]
    right = text[end : end + _CONTEXT].split("\n")[0]
    return f"…{left}[{text[start:end]}]{right}…"


def discover(
    texts: Iterable[str],
    miner=None,
    min_count: int = 2,
    min_score: float = 0.5,
    top: int | None = 200,
    batch_size: int = 64,
) -> pd.DataFrame:
    """Candidate skills of ``texts`` that the lexicon misses.

    Columns: ``phrase`` (most frequent surface form), ``count`` (occurrences), ``offers``, ``category``,
    ``score`` (skill-model probability of that category for the phrase in its contexts, averaged),
    ``example_1``, ``example_2``. Rows with ``count >= min_count`` and ``score >= min_score``, best first.
    """
    from spacy.matcher import Matcher
    from spacy.util import filter_spans

    from skillmine.miner.facade import load
    from skillmine.pipes.nlp import build_nlp
    from skillmine.text.normalize import normalize

    miner = miner or load()
    nlp = miner.nlp if "morphologizer" in miner.nlp.pipe_names else build_nlp("default")
    matcher = Matcher(nlp.vocab)
    matcher.add("candidate", CANDIDATE_PATTERNS)
    stats: dict[str, dict[str, Any]] = {}
    for k, doc in enumerate(nlp.pipe((normalize(t).text for t in texts if isinstance(t, str)), batch_size=batch_size)):
        known = [(s.start, s.end) for s in doc.spans["skills"]]
        spans = filter_spans([doc[s:e] for _, s, e in matcher(doc)])
        for span in spans:
            if any(s < span.end and span.start < e for s, e in known) or len(span) > 6 or len(span.text) < 6:
                continue
            key = fold_text(span.text)
            st = stats.setdefault(key, {"forms": collections.Counter(), "count": 0, "offers": set(), "contexts": []})
            st["forms"][span.text] += 1
            st["count"] += 1
            st["offers"].add(k)
            if len(st["contexts"]) < 2:
                st["contexts"].append(_context(doc.text, span.start_char, span.end_char))
    rows = [(key, st) for key, st in stats.items() if st["count"] >= min_count]
    columns = ["phrase", "count", "offers", "category", "score", "example_1", "example_2"]
    if not rows:
        return pd.DataFrame(columns=columns)
    probs = miner.skill_model.scores([" ".join(st["contexts"]) for _, st in rows])
    phrase_probs = miner.skill_model.scores([st["forms"].most_common(1)[0][0] for _, st in rows])
    out = []
    for (key, st), p, q in zip(rows, probs, phrase_probs):
        mixed = (p + q) / 2  # the phrase alone and in its contexts
        c = int(mixed.argmax())
        out.append(
            {
                "phrase": st["forms"].most_common(1)[0][0],
                "count": st["count"],
                "offers": len(st["offers"]),
                "category": CATEGORIES[c],
                "score": round(float(mixed[c]), 4),
                "example_1": st["contexts"][0],
                "example_2": st["contexts"][1] if len(st["contexts"]) > 1 else "",
            }
        )
    df = pd.DataFrame(out, columns=columns)
    df = df[df["score"] >= min_score].sort_values(["score", "count"], ascending=False, kind="stable")
    df = df.sort_values("count", ascending=False, kind="stable").reset_index(drop=True)
    return df.head(top) if top else df
