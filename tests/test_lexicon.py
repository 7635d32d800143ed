"""The bundled lexicon: size per category, labels, and the format errors a user lexicon gets."""

from __future__ import annotations

import gzip

import pytest

from skillmine.lexicon.schema import LexiconError
from skillmine.lexicon.store import Lexicon, read_lexicon


def test_bundled_lexicon_size_and_fields():
    lex = Lexicon.bundled()
    counts = lex.counts()
    assert sum(counts.values()) >= 300 and min(counts.values()) >= 80, counts
    for e in lex:
        assert e.label.strip() and (e.variants or e.abbreviations or e.patterns)
    for trap in ("environnement de travail", "système de management de la qualité", "management visuel"):
        assert any(trap in b.lower() for b in lex.blockers), trap


@pytest.mark.parametrize(
    "content,suffix,message",
    [
        (
            '{"id": "a", "label": "A", "category": "digital", "variants": ["x y"]}\n{"id": "a", "label": "B", '
            '"category": "green", "variants": ["z w"]}\n',
            ".jsonl",
            r"\.jsonl:2: duplicate id 'a'",
        ),
        ("id;label;category;variants\nb;B;vert;x y\n", ".csv", r"\.csv:2: entry 'b' has unknown category 'vert'"),
        (
            '{"id": "a", "label": "A", "category": "digital", "variants": ["x y"]}\n\n{"id": "b", "label": \n',
            ".jsonl",
            r"mine\.jsonl:3: invalid JSON \(Expecting value\)",
        ),  # physical line, blank lines counted
        ('id,label,category,variants\nb,"B,digital,x y\nc,C,green,u v\n', ".csv", r"mine\.csv:2: malformed CSV"),
        (
            "id,label,category,variants\nb,B, la suite,digital,x y\n",
            ".csv",
            r"mine\.csv:2: 5 field\(s\) where the header has 4",
        ),
        ("- id: c\n  label: C\n  category: management\n", ".yaml", "can never match"),
        ('{"id": "Bad Id", "label": "X", "category": "digital", "variants": ["x"]}\n', ".jsonl", "lower-case ASCII"),
        (
            '{"id": "d", "label": "D", "category": "digital", "patterns": [[{"POS": "NOUN"}]]}\n',
            ".jsonl",
            "not supported",
        ),
    ],
)
def test_user_lexicon_errors_name_the_line(tmp_path, content, suffix, message):
    path = tmp_path / f"mine{suffix}"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(LexiconError, match=message):
        read_lexicon(path)


@pytest.mark.parametrize(
    "name,encode",
    [
        ("mine.csv", lambda text: text.encode("cp1252")),
        ("mine.csv.gz", lambda text: gzip.compress(text.encode("utf-8-sig"))),
        ("mine.jsonl.gz", None),
    ],
)
def test_user_lexicon_gzip_or_cp1252_is_read(tmp_path, name, encode):
    """A lexicon goes through the same readers as offers: gzipped, UTF-8 with BOM or cp1252 (Excel's French CSV)."""
    path = tmp_path / name
    if encode is None:
        line = '{"id": "smed", "label": "SMED (changement rapide d’outil)", "category": "digital", "variants": ["x"]}'
        path.write_bytes(gzip.compress(f"{line}\n".encode()))
    else:
        path.write_bytes(
            encode(
                "id;label;category;variants\r\n"
                "smed;SMED (changement rapide d’outil);digital;SMED|changement rapide de format\r\n"
            )
        )
    (entry,) = read_lexicon(path)
    assert entry.id == "smed" and entry.label == "SMED (changement rapide d’outil)"
