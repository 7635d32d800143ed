"""``SkillMatcher``: the lexicon matched over the normalised tokens of a doc, into ``doc.spans["skills"]``."""

from __future__ import annotations

import bisect
from pathlib import Path
from typing import Iterable

import srsly
from spacy import util
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import SimpleFrozenList, filter_spans

from skillmine.lexicon.schema import Entry, LexiconError, make_entry
from skillmine.lexicon.store import Lexicon, read_lexicon
from skillmine.pipes.skills.context import Context
from skillmine.pipes.skills.patterns import (
    NormRegex,
    expand,
    fold_pattern,
    may_match,
    norm_doc,
    norm_regex,
    norm_string,
    required_words,
)
from skillmine.text.fold import fold


class SkillMatcher:
    """Finds lexicon skills in a doc and writes them to ``doc.spans[span_key]``.

    Span labels are the categories, span ids (``span.id_``) the skill ids. Overlapping matches keep the longest;
    matches inside a blocker phrase and matches whose context rule fails are dropped.

    ``nlp.to_disk`` / ``to_bytes`` save the user entries (:meth:`user_entries`: those that the bundled lexicon lacks
    or that replace a bundled entry) as ``lexicon.jsonl``, a user lexicon file :func:`read_lexicon` reads;
    ``spacy.load`` / ``from_bytes`` merge them into the installed bundled lexicon and rebuild the matchers. The
    saved entries win over the ``extra_lexicon`` files of the config, which need not exist any more.

    ``missing``: user lexicon files that were not found when the component was made (by the factory). They are an
    error at the first doc and on saving, unless ``from_disk`` / ``from_bytes`` restored the saved entries first.
    """

    def __init__(
        self, nlp: Language, lexicon: Lexicon, span_key: str = "skills", *, missing: Iterable[str] = ()
    ) -> None:
        self.span_key = span_key
        self._nlp = nlp
        self._missing = tuple(str(p) for p in missing)
        self._build(lexicon)

    def _build(self, lexicon: Lexicon) -> None:
        """(Re)build the matchers, regexes and context rules of ``lexicon``."""
        nlp = self._nlp
        self.lexicon = lexicon
        vocab = nlp.vocab
        self._phrases = PhraseMatcher(vocab, attr="NORM")
        self._orth = PhraseMatcher(vocab, attr="ORTH")
        self._tokens = Matcher(vocab)
        self._blockers = PhraseMatcher(vocab, attr="NORM")
        self._regexes: list[NormRegex] = []
        self._token_required: list[tuple[frozenset[str], ...]] = []  # the Matcher runs when one pattern may match
        make = nlp.tokenizer
        for entry in lexicon:
            if entry.variants:
                self._phrases.add(entry.id, [self._folded(make(v)) for v in entry.variants])
            if entry.abbreviations:
                self._orth.add(entry.id, [make(a) for a in entry.abbreviations])
            token_patterns = []
            for pattern in entry.patterns:
                pattern = fold_pattern(pattern)
                phrases = expand(pattern)
                regex = norm_regex(pattern) if phrases is None else None
                if phrases:
                    self._phrases.add(entry.id, [norm_doc(vocab, words) for words in phrases])
                elif regex is not None:
                    self._regexes.append(NormRegex(vocab.strings.add(entry.id), pattern, regex))
                elif phrases is None:
                    token_patterns.append(pattern)
            if token_patterns:
                self._tokens.add(entry.id, token_patterns)
                self._token_required.extend(required_words(p) for p in token_patterns)
        if lexicon.blockers:
            self._blockers.add("BLOCKER", [self._folded(make(b)) for b in lexicon.blockers])
        self._contexts = {vocab.strings[e.id]: Context(e.context) for e in lexicon if e.context}
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

    def check_files(self) -> None:
        """Raise :class:`LexiconError` when a user lexicon file named at construction was not found (and no saved
        entries were restored since)."""
        if self._missing:
            raise LexiconError(f"{self._missing[0]}: no such lexicon file (extra_lexicon of skillmine_skills)")

    def user_entries(self) -> list[Entry]:
        """The entries of the lexicon that the bundled lexicon lacks, or holds otherwise (a user entry with a
        bundled id replaces it)."""
        bundled = Lexicon.bundled().entries
        return [e for e in self.lexicon if bundled.get(e.id) != e]

    def _restore(self, entries: Iterable[Entry], source: str) -> None:
        """The bundled lexicon merged with saved user ``entries``, matchers rebuilt (with the restored tokenizer)."""
        self._missing = ()
        self._build(Lexicon.bundled().merge(entries, source))

    def _rows(self) -> list[dict]:
        self.check_files()
        return [_row(e) for e in self.user_entries()]

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = SimpleFrozenList()) -> None:
        """Save the user entries to ``path/lexicon.jsonl`` (a user lexicon file)."""
        util.to_disk(path, {LEXICON_FILE: lambda p: srsly.write_jsonl(p, self._rows())}, exclude)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = SimpleFrozenList()) -> "SkillMatcher":
        """Load the user entries saved by :meth:`to_disk` and rebuild the matchers on the bundled lexicon with them.
        A directory without ``lexicon.jsonl`` (a pipeline saved before this method existed) changes nothing."""

        def read(p: Path) -> None:
            if p.is_file():
                self._restore(read_lexicon(p), str(p))

        util.from_disk(path, {LEXICON_FILE: read}, exclude)
        return self

    def to_bytes(self, *, exclude: Iterable[str] = SimpleFrozenList()) -> bytes:
        return util.to_bytes({"lexicon": lambda: srsly.json_dumps(self._rows())}, exclude)

    def from_bytes(self, bytes_data: bytes, *, exclude: Iterable[str] = SimpleFrozenList()) -> "SkillMatcher":
        def read(data: str) -> None:
            rows = srsly.json_loads(data)
            self._restore(
                [make_entry(raw, f"skillmine_skills bytes: entry {n}") for n, raw in enumerate(rows, 1)], "bytes"
            )

        util.from_bytes(bytes_data, {"lexicon": read}, exclude)
        return self

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
        self.check_files()
        if not len(doc):
            return []
        text, starts = norm_string(doc)
        words = set(text[1:-1].split(" "))
        # an empty Matcher warns (W036); the Matcher walks every token, so it only runs where a pattern may match
        tokens = self._tokens(doc) if any(may_match(r, words) for r in self._token_required) else []
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


LEXICON_FILE = "lexicon.jsonl"
"""The user entries in a saved pipeline: ``<pipeline>/skillmine_skills/lexicon.jsonl``."""


def _row(entry: Entry) -> dict:
    """An entry as a user lexicon line: the empty fields left out."""
    return {k: v for k, v in entry.to_dict().items() if v not in (None, [], {})}
