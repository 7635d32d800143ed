"""Messy real exports: double-encoded UTF-8, other languages, JSON exports read as a stream."""

from __future__ import annotations

import json

import pytest

from skillmine.io.fields import InputError
from skillmine.io.readers import iter_records
from skillmine.text.normalize import normalize

CLEAN = (
    "Responsable maintenance (H/F)\nVos missions : vous gérez l'équipe de 12 techniciens, déployez la GMAO et "
    "pilotez la maintenance prédictive. Vous réduisez les consommations d'énergie du site (ISO 50001)."
)


def _double_encoded(text: str) -> str:
    """UTF-8 read back as cp1252: what a wrong import does to a French export."""
    return text.encode("utf-8").decode("cp1252", errors="replace")


def test_a_double_encoded_offer_reads_as_its_clean_twin(fast_miner):
    broken = _double_encoded(CLEAN)
    assert "Ã©" in broken and "é" not in broken
    clean, mended = fast_miner.analyze(CLEAN), fast_miner.analyze(broken)
    assert mended.text == clean.text
    assert [(m.skill_id, m.text) for m in mended.skills] == [(m.skill_id, m.text) for m in clean.skills]
    assert mended.categories == clean.categories == {"digital", "green", "management"}
    assert mended.status == "ok" and "repaired" in mended.error and clean.error is None
    # offsets still point into the text as given
    for m in mended.skills:
        s, e = mended.input_span(m)
        assert _double_encoded(m.text) == broken[s:e]


def test_clean_text_is_left_alone():
    for text in ("Été 2026 : São Paulo, Ångström, œuvre, 3 €", "Ã la carte ? non : une vraie phrase française."):
        n = normalize(text)
        assert not n.repaired and n.text == text


@pytest.mark.parametrize(
    "lang,text",
    [
        (
            "de",
            "Wir suchen einen Produktionsleiter für unser Werk in Stuttgart. Sie führen ein Team von 20 Mitarbeitern "
            "und verantworten die Qualität und die Wartung der Anlagen.",
        ),
        (
            "es",
            "Buscamos un jefe de producción para nuestra planta en Madrid. Usted dirigirá un equipo de 20 personas y "
            "será responsable de la calidad y del mantenimiento de las líneas.",
        ),
        (
            "it",
            "Cerchiamo un responsabile di produzione per il nostro stabilimento di Torino. Guiderà una squadra di 20 "
            "persone e sarà responsabile della qualità e della manutenzione.",
        ),
        (
            "en",
            "We are looking for a production manager for our plant in Leeds. You will lead a team of 20 people and "
            "be responsible for quality and maintenance of the lines.",
        ),
    ],
)
def test_offers_in_other_languages_are_flagged_with_their_language(fast_miner, lang, text):
    a = fast_miner.analyze(text)
    assert a.status == "not_french" and f"({lang})" in a.error


def test_french_offers_are_french(fast_miner):
    for text in (
        "Nous recherchons un responsable de production pour notre usine. Vous encadrez une équipe.",
        "Responsable maintenance H/F. Management d'équipe, GMAO, SAP PM, amélioration continue, TPM.",
    ):
        assert fast_miner.analyze(text).status == "ok"


def test_a_json_export_is_read_as_a_stream(tmp_path):
    """A file cut in the middle of its array still gives the offers before the cut: a reader that parsed the
    whole file first would fail before giving any."""
    offers = [
        {"id": str(i), "intitule": "Responsable maintenance", "description": CLEAN, "romeCode": "I1102"}
        for i in range(50)
    ]
    data = json.dumps({"filtresPossibles": [{"filtre": "x"}], "resultats": offers}, ensure_ascii=False)
    cut = tmp_path / "export.json"
    cut.write_text(data[: len(data) * 2 // 3], encoding="utf-8")
    recs = list(iter_records([cut]))
    assert [r["id"] for r in recs[:-1]] == [str(i) for i in range(len(recs) - 1)] and len(recs) > 20
    assert recs[-1]["_error"].startswith(f"invalid JSON after item {len(recs) - 1}")
    assert recs[0]["rome_code"] == "I1102" and recs[0]["text"] == CLEAN


def test_json_arrays_objects_and_broken_files(tmp_path):
    (tmp_path / "a.json").write_bytes(b"\xef\xbb\xbf" + json.dumps([{"id": "1", "text": "a"}, 3]).encode())
    (tmp_path / "o.json").write_text(json.dumps({"id": "9", "text": "une offre", "score": 1.5}), encoding="utf-8")
    (tmp_path / "bad.json").write_text('{"resultats": [}', encoding="utf-8")
    a = list(iter_records([tmp_path / "a.json"]))
    assert a[0]["id"] == "1" and "a JSON object was expected" in a[1]["_error"]
    assert [r["text"] for r in iter_records([tmp_path / "o.json"])] == ["une offre"]
    with pytest.raises(InputError, match="bad.json: invalid JSON"):
        list(iter_records([tmp_path / "bad.json"]))


def test_a_cp1252_json_export_reads_like_a_utf8_one(tmp_path):
    offers = [{"id": "1", "text": "Vous gérez l'équipe"}, {"id": "2", "text": "Électricité et énergie"}]
    (tmp_path / "cp.json").write_bytes(json.dumps(offers, ensure_ascii=False).encode("cp1252"))
    assert [(r["id"], r["text"]) for r in iter_records([tmp_path / "cp.json"])] == [
        ("1", "Vous gérez l'équipe"),
        ("2", "Électricité et énergie"),
    ]
