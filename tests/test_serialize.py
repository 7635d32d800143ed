"""A pipeline saved with ``nlp.to_disk`` (or ``to_bytes``) keeps the user lexicon given with ``extra_lexicon``."""

from __future__ import annotations

import json

import pytest

USER_ENTRY = {
    "id": "forge_zorblax",
    "label": "Forge zorblaxienne",
    "category": "digital",
    "variants": ["forge zorblaxienne quantique"],
    "abbreviations": ["FZQ"],
}

TEXTS = [
    "Vous pilotez la forge zorblaxienne quantique du site et la GMAO.",
    "Maîtrise des Forges Zorblaxiennes Quantiques (FZQ) exigée, ainsi que SAP PM.",
    "Gestion de projet et management d'équipe ; bilan carbone et ISO 14001.",
    "Environnement de travail agréable, aucune compétence ici.",
]


def _found(nlp, text):
    doc = nlp(text)
    return [(s.text, s.label_, s.id_) for s in doc.spans["skills"]]


@pytest.fixture()
def user_nlp(tmp_path):
    from skillmine.pipes.nlp import build_nlp

    user = tmp_path / "mine.jsonl"
    user.write_text(json.dumps(USER_ENTRY, ensure_ascii=False) + "\n", encoding="utf-8")
    nlp = build_nlp("fast", extra_lexicon=user)
    assert ("forge zorblaxienne quantique", "digital", "forge_zorblax") in _found(nlp, TEXTS[0])
    return nlp, user


def test_to_disk_keeps_the_user_lexicon(user_nlp, tmp_path):
    import spacy

    from skillmine.lexicon.store import read_lexicon

    nlp, user = user_nlp
    expected = [_found(nlp, t) for t in TEXTS]
    nlp.to_disk(tmp_path / "pipeline")
    user.unlink()  # the saved pipeline must not need the file any more (its config still names it)
    saved = tmp_path / "pipeline" / "skillmine_skills" / "lexicon.jsonl"
    assert [e.id for e in read_lexicon(saved)] == ["forge_zorblax"]  # only the user entry, as a user lexicon file

    loaded = spacy.load(tmp_path / "pipeline")
    assert loaded.pipe_names == nlp.pipe_names
    assert [_found(loaded, t) for t in TEXTS] == expected
    assert ("FZQ", "digital", "forge_zorblax") in expected[1]
    matcher = loaded.get_pipe("skillmine_skills")
    assert matcher.user_entries() == nlp.get_pipe("skillmine_skills").user_entries()
    assert matcher.lexicon.fingerprint == nlp.get_pipe("skillmine_skills").lexicon.fingerprint


def test_to_bytes_keeps_the_user_lexicon(user_nlp):
    from skillmine.pipes.nlp import build_nlp

    nlp, _ = user_nlp
    expected = [_found(nlp, t) for t in TEXTS]
    plain = build_nlp("fast")
    assert not any(s[2] == "forge_zorblax" for t in TEXTS for s in _found(plain, t))
    plain.from_bytes(nlp.to_bytes())
    assert [_found(plain, t) for t in TEXTS] == expected

    # the component alone, and a pipeline without user entries saves none
    bare = build_nlp("fast")
    bare.get_pipe("skillmine_skills").from_bytes(plain.get_pipe("skillmine_skills").to_bytes())
    assert [_found(bare, t) for t in TEXTS] == expected
    assert build_nlp("fast").get_pipe("skillmine_skills").user_entries() == []


def test_missing_user_lexicon_fails_at_load_and_in_a_bare_pipeline(tmp_path):
    """skillmine.load and build_nlp refuse a missing lexicon file at once; a pipeline that names one in its config
    (as spaCy rebuilds a saved pipeline, before from_disk restores the saved entries) fails at its first doc."""
    import spacy

    import skillmine
    from skillmine.lexicon.schema import LexiconError

    missing = tmp_path / "nowhere.jsonl"
    with pytest.raises(LexiconError, match="nowhere.jsonl: no such lexicon file"):
        skillmine.load(profile="fast", extra_lexicon=missing)
    nlp = spacy.blank("fr")
    nlp.add_pipe("skillmine_normalizer")
    nlp.add_pipe("skillmine_skills", config={"extra_lexicon": [str(missing)]})
    with pytest.raises(LexiconError, match="nowhere.jsonl: no such lexicon file"):
        nlp("GMAO")
    with pytest.raises(LexiconError, match="no such lexicon file"):
        nlp.to_disk(tmp_path / "pipeline")
