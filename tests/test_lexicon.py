"""The bundled lexicon: size per category, labels, and the format errors a user lexicon gets."""

from __future__ import annotations

import pytest

from skillmine.lexicon import Lexicon, LexiconError, read_lexicon


def test_bundled_lexicon_size_and_fields():
    lex = Lexicon.bundled()
    counts = lex.counts()
    assert sum(counts.values()) >= 300 and min(counts.values()) >= 80, counts
    for e in lex:
        assert e.label.strip() and (e.variants or e.abbreviations or e.patterns)
    for trap in ("environnement de travail", "système de management de la qualité", "management visuel"):
        assert any(trap in b.lower() for b in lex.blockers), trap


@pytest.mark.parametrize("content,suffix,message", [
    ('{"id": "a", "label": "A", "category": "digital", "variants": ["x y"]}\n{"id": "a", "label": "B", '
     '"category": "green", "variants": ["z w"]}\n', ".jsonl", r"\.jsonl:2: duplicate id 'a'"),
    ("id;label;category;variants\nb;B;vert;x y\n", ".csv", r"\.csv:2: entry 'b' has unknown category 'vert'"),
    ("- id: c\n  label: C\n  category: management\n", ".yaml", "can never match"),
    ('{"id": "Bad Id", "label": "X", "category": "digital", "variants": ["x"]}\n', ".jsonl", "lower-case ASCII"),
    ('{"id": "d", "label": "D", "category": "digital", "patterns": [[{"POS": "NOUN"}]]}\n', ".jsonl", "not supported"),
])
def test_user_lexicon_errors_name_the_line(tmp_path, content, suffix, message):
    path = tmp_path / f"mine{suffix}"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(LexiconError, match=message):
        read_lexicon(path)
