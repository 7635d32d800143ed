"""Structured fields (qualification, NAF, ROME) as evidence of function and level."""

from __future__ import annotations

import json

import pandas as pd

from skillmine.estimators.structured import FEATURES, Fields, fields_of, tokens
from skillmine.io.fields import FieldMap
from skillmine.io.readers import iter_records

TEXT = (
    "Vous encadrez une équipe de 12 techniciens de maintenance et déployez la GMAO sur le site de production. "
    "Vous suivez les indicateurs de disponibilité des lignes."
)
TITLE = "Responsable maintenance (H/F)"


def test_fields_go_by_their_export_names_and_ours():
    assert fields_of({"qualificationLibelle": "Cadre", "codeNAF": "25.62B", "romeCode": "H2502"}) == {
        "qualification": "Cadre",
        "naf": "25.62B",
        "rome_code": "H2502",
    }
    assert fields_of({"qualification": "Technicien", "naf": None, "rome_code": ""}) == {"qualification": "Technicien"}
    assert fields_of({"text": "...", "title": "x"}) == {}


def test_tokens_fold_values_and_skip_unknown_ones():
    assert tokens({"qualification": "AGENT DE MAÎTRISE"}) == ["qualification=agent_de_maitrise"]
    assert tokens({"qualification": "Employé non qualifié"}) == ["qualification=employe_non_qualifie"]
    assert tokens({"naf": "78.20Z"}) == ["naf=N", "naf=78"]  # temporary-work agencies: section N
    assert tokens({"naf": "10.71C"}) == ["naf=C", "naf=10"]  # manufacturing starts at division 10
    assert tokens({"rome_code": "i1102"}) == ["rome=I", "rome=I11"]
    assert tokens({"qualification": "Stagiaire", "naf": "n/a", "rome_code": "12345"}) == []
    assert set(tokens({"qualification": "Cadre", "naf": "33.12Z", "rome_code": "H2502"})) <= set(FEATURES)


def test_fields_transformer_gives_one_column_per_feature():
    X = Fields().transform([{"qualification": "Cadre", "rome_code": "H2502"}, None, {}])
    assert X.shape == (3, len(FEATURES))
    assert X.sum(axis=1).A.ravel().tolist() == [3.0, 0.0, 0.0]


def test_the_offer_models_read_the_fields(fast_miner):
    """The bundled models learned the fields from the real offers that carry them: a "Cadre" qualification raises
    the level score, a "Technicien" one lowers it, and no field leaves the text alone deciding."""
    plain = fast_miner.analyze(TEXT, title=TITLE)
    cadre = fast_miner.analyze(TEXT, title=TITLE, fields={"qualificationLibelle": "Cadre"})
    technicien = fast_miner.analyze(TEXT, title=TITLE, fields={"qualificationLibelle": "Technicien"})
    assert technicien.level_score < plain.level_score < cadre.level_score
    assert plain.skills == cadre.skills  # the fields speak of the offer, not of its skills
    # the same through a batch: records and DataFrame columns under France Travail names
    rows = fast_miner.analyze_frame(
        pd.DataFrame({"text": [TEXT] * 2, "title": [TITLE] * 2, "qualificationLibelle": ["Technicien", None]})
    )
    assert rows["level_score"].tolist() == [round(technicien.level_score, 4), round(plain.level_score, 4)]


def test_readers_keep_the_fields_of_an_export(tmp_path):
    path = tmp_path / "export.json"
    path.write_text(
        json.dumps(
            {
                "resultats": [
                    {
                        "id": "1",
                        "intitule": TITLE,
                        "description": TEXT,
                        "qualificationLibelle": "Cadre",
                        "codeNAF": "28.99B",
                        "romeCode": "I1102",
                    }
                ]
            }
        ),
        encoding="utf-8",
    )
    [rec] = list(iter_records([path], FieldMap()))
    assert fields_of(rec) == {"qualification": "Cadre", "naf": "28.99B", "rome_code": "I1102"}
