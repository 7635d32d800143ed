"""spaCy components: ``skillmine_normalizer`` (folds ``token.norm_``) and ``skillmine_skills`` (lexicon matcher).

Both are declared under the ``spacy_factories`` entry point, so any spaCy pipeline can use them::

    >>> import spacy
    >>> nlp = spacy.blank("fr")
    >>> _ = nlp.add_pipe("skillmine_normalizer")
    >>> _ = nlp.add_pipe("skillmine_skills")
    >>> doc = nlp("Vous pilotez la GMAO et la Gestion De Projets.")
    >>> [(s.text, s.label_, s.id_) for s in doc.spans["skills"]]
    [('GMAO', 'digital', 'gmao'), ('Gestion De Projets', 'management', 'gestion_projet')]

The module stays import-light: spaCy is needed, the lexicon is read when a component is made.
"""

from __future__ import annotations

import bisect
import itertools
import math
import re

from typing import Iterator, List, Optional

from spacy.attrs import NORM
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from .lexicon import Lexicon
from .text import fold

__all__ = ["SkillNormalizer", "SkillMatcher"]


class SkillNormalizer:
    """Writes :func:`skillmine.text.fold` of each token into ``token.norm_``; never touches the text.

    With ``use_lemmas`` and a lemmatizer earlier in the pipeline, finite verbs with a conjugation ending are folded
    from their lemma ("encadrez" -> "encadrer", "managerez" -> "manager"), so that infinitive patterns find
    conjugated forms. Participles keep their form ("réalité augmentée"), and so do words the tagger wrongly calls
    verbs when they do not look conjugated ("Management" at the start of a line).

    With ``lexeme_norms`` (for pipelines without statistical components: the ``fast`` profile), the fold is
    written once per vocabulary entry instead of once per token: ``vocab.lex_attr_getters[NORM]`` becomes
    :func:`~skillmine.text.fold`, and the component has nothing left to do per doc. Do not set it in a pipeline
    whose models read ``NORM`` (``tok2vec`` does): they would see other norms than those they were trained on.
    """

    def __init__(self, vocab=None, use_lemmas: bool = False, lexeme_norms: bool = False) -> None:
        if lexeme_norms and use_lemmas:
            raise ValueError("lexeme_norms folds words without context: it cannot use lemmas")
        self.use_lemmas = use_lemmas
        self.lexeme_norms = lexeme_norms
        if lexeme_norms:
            vocab.lex_attr_getters[NORM] = fold
            for lex in vocab:
                lex.norm_ = fold(lex.orth_)

    def __call__(self, doc: Doc) -> Doc:
        if self.lexeme_norms:
            return doc
        lemmas = self.use_lemmas and doc.has_annotation("LEMMA") and doc.has_annotation("POS")
        for tok in doc:
            norm = fold(tok.text)
            if (lemmas and tok.pos_ == "VERB" and tok.lemma_ and norm.endswith(_CONJUGATED)
                    and "Fin" in tok.morph.get("VerbForm")):
                norm = fold(tok.lemma_)
            tok.norm_ = norm
        return doc


_CONJUGATED = ("ez", "ons", "era", "erai", "eras", "eront", "erez", "erons")


@Language.factory(
    "skillmine_normalizer",
    assigns=["token.norm"],
    default_config={"use_lemmas": False, "lexeme_norms": False},
)
def make_normalizer(nlp: Language, name: str, use_lemmas: bool, lexeme_norms: bool) -> SkillNormalizer:
    return SkillNormalizer(nlp.vocab, use_lemmas=use_lemmas, lexeme_norms=lexeme_norms)


def _fold_pattern(pattern: list[dict]) -> list[dict]:
    out = []
    for tok in pattern:
        tok = dict(tok)
        norm = tok.get("NORM")
        if isinstance(norm, str):
            tok["NORM"] = fold(norm)
        elif isinstance(norm, dict):
            tok["NORM"] = {op: ([fold(v) for v in vals] if isinstance(vals, list) else vals) for op, vals in norm.items()}
        out.append(tok)
    return out


MAX_EXPANSION = 500
"""Token patterns that are only alternatives of NORM values (and optional tokens) are expanded into phrases for the
``PhraseMatcher`` (much faster than the ``Matcher``) when they make at most this many phrases; larger ones run as
regular expressions over the string of token norms (:func:`_norm_regex`); only patterns with other keys use the
spaCy ``Matcher``."""


def _values(value) -> list[str] | None:
    """The strings a token attribute accepts (``"x"`` or ``{"IN": [...]}``), or ``None`` for anything else."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict) and set(value) == {"IN"}:
        return list(value["IN"])
    return None


def _expand(pattern: list[dict]) -> list[tuple[str, ...]] | None:
    """The phrases a simple pattern stands for, or ``None`` when it must stay a token pattern."""
    choices = []
    for tok in pattern:
        values = _values(tok.get("NORM"))
        if set(tok) - {"NORM", "OP"} or tok.get("OP") not in (None, "?") or values is None:
            return None
        choices.append(values + ([None] if tok.get("OP") == "?" else []))
    if math.prod(len(c) for c in choices) > MAX_EXPANSION:
        return None
    out = {tuple(w for w in combo if w is not None) for combo in itertools.product(*choices)}
    return sorted(p for p in out if p)


_OPS = {None: "{}", "?": "(?:{})?", "*": "(?:{})*", "+": "(?:{})+"}


def _number_words() -> list[str]:
    """spaCy's French number words ("deux", "douze", "quatre-vingt"...), folded as token norms are ("deux" ->
    "deu"), longest first."""
    from spacy.lang.fr.lex_attrs import _num_words

    return sorted({fold(w) for w in _num_words}, key=len, reverse=True)


_FLAGS = {"LIKE_NUM": r"\d[\d.,]*|" + "|".join(map(re.escape, _number_words())), "IS_DIGIT": r"\d+",
          "IS_PUNCT": r"[^\w\s]+"}


def _word_values(key: str, value) -> list[str] | None:
    """The folded strings a ``NORM``/``LOWER``/``ORTH`` value accepts (``NORM`` values are folded already)."""
    values = _values(value)
    if values is None or key == "NORM":
        return values
    return [fold(v) for v in values]


def _token_regex(tok: dict) -> str | None:
    """The regex of one pattern token over token norms, or ``None`` when it cannot be written as one.

    ``NORM`` values are folded already; ``LOWER`` and ``ORTH`` values are folded here (slightly more permissive:
    accents and case then do not matter, as for every variant); ``LIKE_NUM``, ``IS_DIGIT``, ``IS_PUNCT`` become
    character classes."""
    alts = []
    for key, value in tok.items():
        if key == "OP":
            continue
        if key in _FLAGS and value is True:
            alts.append(_FLAGS[key])
        elif key in ("NORM", "LOWER", "ORTH"):
            values = _word_values(key, value)
            if values is None:
                return None
            alts.append("|".join(re.escape(v) for v in sorted(set(values), key=len, reverse=True)))
        else:
            return None
    return alts[0] if len(alts) == 1 else None


def _norm_regex(pattern: list[dict]) -> re.Pattern | None:
    """A regular expression over ``" " + " ".join(token norms) + " "`` that matches what ``pattern`` matches."""
    parts = []
    for tok in pattern:
        body = _token_regex(tok)
        if body is None or tok.get("OP") not in _OPS:
            return None
        parts.append(_OPS[tok.get("OP")].format(f" (?:{body})"))
    return re.compile("".join(parts) + "(?= )")


def _word_set(tok: dict) -> frozenset[str] | None:
    """The norms a mandatory word token accepts, or ``None`` (optional token, flag, other attribute)."""
    if tok.get("OP") not in (None, "+"):
        return None
    for key in ("NORM", "LOWER", "ORTH"):
        values = _word_values(key, tok.get(key))
        if values is not None:
            return frozenset(values)
    return None


def _required(pattern: list[dict]) -> tuple[frozenset[str], ...]:
    return tuple(w for w in map(_word_set, pattern) if w is not None)


def _may_match(required: tuple[frozenset[str], ...], words: set[str]) -> bool:
    """Whether a doc with these norms holds one word of each required set."""
    return not any(words.isdisjoint(r) for r in required)


class _NormRegex:
    """A pattern as a regular expression over the norm string (:func:`_norm_regex`), with what makes it cheap: a
    doc must hold one norm of each mandatory word token (most patterns are skipped on most docs), and when the
    first token is such a word the regex is only tried where it stands, not at every position."""

    def __init__(self, key: int, pattern: list[dict], regex: re.Pattern) -> None:
        self.key, self.regex = key, regex
        self.required = _required(pattern)
        self.first = _word_set(pattern[0])

    def spans(self, text: str, words: set[str]):
        """``(start, end)`` character spans of the matches, as ``regex.finditer(text)`` finds them."""
        if not _may_match(self.required, words):
            return
        if self.first is None:
            for m in self.regex.finditer(text):
                yield m.start(), m.end()
            return
        after = 0
        for pos in sorted(p for w in self.first & words for p in _positions(text, w)):
            if pos < after:  # finditer resumes after the previous match
                continue
            m = self.regex.match(text, pos)
            if m:
                after = m.end()
                yield m.start(), m.end()


def _positions(text: str, word: str) -> Iterator[int]:
    """Where ``word`` stands as a whole token in the norm string (offsets of the space before it)."""
    needle = f" {word} "
    i = text.find(needle)
    while i >= 0:
        yield i
        i = text.find(needle, i + 1)


_SPACE = re.compile(r"\s")


def _norm_string(doc: Doc) -> tuple[str, list[int]]:
    """The token norms joined by spaces (a norm with whitespace, or empty, becomes "␣") and the offset of each
    token in that string. Reads the norms as an array: no ``Token`` objects are made."""
    strings = doc.vocab.strings
    # str.isprintable() is False for every whitespace character but " " (tested apart): a cheap first test
    parts = [n if n and ((n.isprintable() and " " not in n) or not _SPACE.search(n)) else "\u2423"
             for n in map(strings.__getitem__, doc.to_array(NORM).tolist())]
    starts = list(itertools.accumulate([len(n) + 1 for n in parts], initial=1))
    starts.pop()
    return " " + " ".join(parts) + " ", starts


def _norm_doc(vocab, words: tuple[str, ...]) -> Doc:
    doc = Doc(vocab, words=list(words))
    for tok in doc:
        tok.norm_ = tok.text
    return doc


class SkillMatcher:
    """Finds lexicon skills in a doc and writes them to ``doc.spans[span_key]``.

    Span labels are the categories, span ids (``span.id_``) the skill ids. Overlapping matches keep the longest;
    matches inside a blocker phrase and matches whose context rule fails are dropped.
    """

    def __init__(self, nlp: Language, lexicon: Lexicon, span_key: str = "skills") -> None:
        self.span_key = span_key
        self.lexicon = lexicon
        vocab = nlp.vocab
        self._phrases = PhraseMatcher(vocab, attr="NORM")
        self._orth = PhraseMatcher(vocab, attr="ORTH")
        self._tokens = Matcher(vocab)
        self._blockers = PhraseMatcher(vocab, attr="NORM")
        self._regexes: list[_NormRegex] = []
        self._token_required: list[tuple[frozenset[str], ...]] = []  # the Matcher runs when one pattern may match
        make = nlp.tokenizer
        for entry in lexicon:
            if entry.variants:
                self._phrases.add(entry.id, [self._folded(make(v)) for v in entry.variants])
            if entry.abbreviations:
                self._orth.add(entry.id, [make(a) for a in entry.abbreviations])
            token_patterns = []
            for pattern in entry.patterns:
                pattern = _fold_pattern(pattern)
                phrases = _expand(pattern)
                regex = _norm_regex(pattern) if phrases is None else None
                if phrases:
                    self._phrases.add(entry.id, [_norm_doc(vocab, words) for words in phrases])
                elif regex is not None:
                    self._regexes.append(_NormRegex(vocab.strings.add(entry.id), pattern, regex))
                elif phrases is None:
                    token_patterns.append(pattern)
            if token_patterns:
                self._tokens.add(entry.id, token_patterns)
                self._token_required.extend(_required(p) for p in token_patterns)
        if lexicon.blockers:
            self._blockers.add("BLOCKER", [self._folded(make(b)) for b in lexicon.blockers])
        self._contexts = {
            vocab.strings[e.id]: _Context(e.context) for e in lexicon if e.context
        }
        self._entries = {vocab.strings[e.id]: e for e in lexicon}
        self._regex_first = self._regex_index()

    @staticmethod
    def _folded(doc: Doc) -> Doc:
        for tok in doc:
            tok.norm_ = fold(tok.text)
        return doc

    def __call__(self, doc: Doc) -> Doc:
        doc.spans[self.span_key] = self.find(doc)
        return doc

    def _regex_index(self) -> tuple[dict[str, list[int]], list[int]]:
        """Norm -> the regexes whose first required word set holds it; and the regexes without such a set."""
        index: dict[str, list[int]] = {}
        always = []
        for i, rx in enumerate(self._regexes):
            if not rx.required:
                always.append(i)
            for word in rx.required[0] if rx.required else ():
                index.setdefault(word, []).append(i)
        return index, always

    def _regex_matches(self, text: str, starts: list[int], words: set[str]) -> list[tuple[int, int, int]]:
        index, always = self._regex_first
        # only the regexes one of whose first required words is in the doc (most docs hold few)
        candidates = sorted({i for w in words if w in index for i in index[w]}.union(always))
        out = []
        for rx in map(self._regexes.__getitem__, candidates):
            for s, e in rx.spans(text, words):
                start = bisect.bisect_left(starts, s + 1)
                end = bisect.bisect_left(starts, e)
                if end > start:
                    out.append((rx.key, start, end))
        return out

    def find(self, doc: Doc) -> list[Span]:
        if not len(doc):
            return []
        text, starts = _norm_string(doc)
        words = set(text[1:-1].split(" "))
        # an empty Matcher warns (W036); the Matcher walks every token, so it only runs where a pattern may match
        tokens = self._tokens(doc) if any(_may_match(r, words) for r in self._token_required) else []
        matches = self._phrases(doc) + self._orth(doc) + tokens + self._regex_matches(text, starts, words)
        if not matches:
            return []
        blocked = [(s, e) for _, s, e in self._blockers(doc)]
        spans = []
        for key, start, end in matches:
            if any(bs <= start and end <= be for bs, be in blocked):
                continue
            ctx = self._contexts.get(key)
            if ctx is not None and not ctx.accepts(doc, start, end):
                continue
            entry = self._entries[key]
            spans.append(Span(doc, start, end, label=entry.category, span_id=entry.id))
        return sorted(filter_spans(spans), key=lambda s: s.start)


class _Context:
    """A context rule: folded words or phrases required / excluded within ``window`` tokens."""

    def __init__(self, spec: dict) -> None:
        self.window = int(spec.get("window", 8))
        self.requires = [self._fold_phrase(p) for p in spec.get("requires_any") or ()]
        self.excludes = [self._fold_phrase(p) for p in spec.get("excludes_any") or ()]

    @staticmethod
    def _fold_phrase(phrase: str) -> str:
        return " " + " ".join(fold(w) for w in phrase.split()) + " "

    def accepts(self, doc: Doc, start: int, end: int) -> bool:
        left = doc[max(0, start - self.window) : start]
        right = doc[end : end + self.window]
        around = " " + " ".join(t.norm_ for t in left) + " | " + " ".join(t.norm_ for t in right) + " "
        if self.requires and not any(p in around for p in self.requires):
            return False
        return not any(p in around for p in self.excludes)


@Language.factory(
    "skillmine_skills",
    assigns=["doc.spans"],
    requires=["token.norm"],
    default_config={"span_key": "skills", "extra_lexicon": None},
)
def make_skill_matcher(
    nlp: Language, name: str, span_key: str, extra_lexicon: Optional[List[str]]
) -> SkillMatcher:
    return SkillMatcher(nlp, Lexicon.load(extra_lexicon), span_key=span_key)

