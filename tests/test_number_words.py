"""Number words count as numbers in lexicon patterns (``LIKE_NUM``), compared the way token norms are."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "text,skill",
    [
        ("Vous encadrez deux techniciens.", "encadrement_equipe"),
        ("Vous encadrez 2 techniciens.", "encadrement_equipe"),
        ("Vous managez quinze personnes sur le site.", "management_equipe"),
        ("Vous encadrez trois opérateurs de nuit.", "encadrement_equipe"),
    ],
)
def test_a_team_size_in_words_or_digits_is_a_team(fast_miner, text, skill):
    assert skill in {m.skill_id for m in fast_miner.analyze(text).skills}


def test_number_words_are_folded_like_norms():
    from skillmine.pipes.skills.patterns import _number_words
    from skillmine.text.fold import fold

    words = _number_words()
    assert {"deu", "troi", "quinze", "vingt"} <= set(words)  # "deux" and "trois" lose their final x / s as norms
    assert all(w == fold(w) for w in words)
