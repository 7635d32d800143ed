"""Context rules of a lexicon entry: words that block a match nearby, or that a match needs nearby."""

from __future__ import annotations

from spacy.tokens import Doc

from skillmine.text.fold import fold


class Context:
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
