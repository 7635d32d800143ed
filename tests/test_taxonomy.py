"""ESCO and ROME imports: on small fixtures written for the project, and on ../shared when it is there."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from paths import SHARED
from skillmine.cli import app
from skillmine.lexicon.store import read_lexicon
from skillmine.lexicon.taxonomy import import_esco, import_rome, verb_phrase_forms

# Small fixtures written for the project in the shape ESCO and ROME publish (fictional URIs and codes). The
# importers find the category from the file name, so the files are written under the official names at test time.
FIXTURES = {
    "esco/greenSkillsCollection_fr.csv": (
        "conceptType,conceptUri,preferredLabel,status,skillType,reuseLevel,altLabels,description,broaderConceptUri,"
        "broaderConceptPT\n"
        "KnowledgeSkillCompetence,http://data.europa.eu/esco/skill/aaaa0001-0000-4000-8000-000000000001,"
        "réduire la consommation d’énergie,released,skill/competence,cross-sector,"
        "\"diminuer la consommation d'énergie\n"
        'baisser la consommation énergétique","Fixture written for the skillmine tests.",,\n'
        "KnowledgeSkillCompetence,http://data.europa.eu/esco/skill/aaaa0001-0000-4000-8000-000000000002,"
        "appliquer les procédures de tri des déchets dans un établissement industriel "
        "en respectant les consignes locales,"
        'released,skill/competence,cross-sector,,"Too long: skipped.",,\n'
        'KnowledgeSkillCompetence,,sans identifiant,released,skill/competence,cross-sector,,"No URI: skipped.",,\n'
    ),
    "esco/transversalSkillsCollection_fr.csv": (
        "conceptType,conceptUri,skillType,reuseLevel,preferredLabel,status,altLabels,description,broaderConceptUri,"
        "broaderConceptPT\n"
        "KnowledgeSkillCompetence,http://data.europa.eu/esco/skill/bbbb0001-0000-4000-8000-000000000001,"
        "skill/competence,transversal,gérer une équipe,released,encadrer une équipe | diriger une équipe,"
        '"Fixture.",,\n'
        "KnowledgeSkillCompetence,http://data.europa.eu/esco/skill/bbbb0001-0000-4000-8000-000000000002,"
        'skill/competence,transversal,faire preuve de curiosité,released,,"Not management: skipped.",,\n'
        "KnowledgeSkillCompetence,http://data.europa.eu/esco/skill/bbbb0001-0000-4000-8000-000000000003,"
        'skill/competence,transversal,travailler en équipe,released,,"Teamwork is not management: skipped.",,\n'
    ),
    "rome/unix_referentiel_competence_v460_utf8.csv": (
        '"code_ogr","nature","libelle_competence","definition","code_ogr_macro_comp","code_macro_comp","cat_comp",'
        '"sous_cat_comp","transition_eco","transition_num","libelle_heterogeneite","libelle_origine"\n'
        '"900001","Compétence","Programmer un automate","","","","Savoir-faire","Technique","N","O","",""\n'
        '"900002","Compétence","Réduire les rejets polluants","","","","Savoir-faire","Technique","O","N","",""\n'
        '"900003","Compétence","Encadrer une équipe de production","","","","Savoir-faire","Transverse","N","N","",""\n'
        '"900004","Compétence","Nettoyer un poste de travail","","","","Savoir-faire","Technique","N","N","",""\n'
    ),
}


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    root = tmp_path_factory.mktemp("taxonomy")
    for name, content in FIXTURES.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(content, encoding="utf-8")
    return root


def test_verb_phrases_become_offer_forms():
    variants, patterns = verb_phrase_forms("gérer une équipe")
    assert "gestion de equipe" in variants  # "gestion d'équipe" once folded
    assert "gerez" in patterns[0][0]["NORM"]["IN"] and patterns[0][-1] == {"NORM": "equipe"}
    variants, patterns = verb_phrase_forms("conduire le changement")
    assert "conduite changement" in variants and "conduisez" in patterns[0][0]["NORM"]["IN"]


def test_esco_fixture_import_keeps_uris_and_reports_skips(data):
    entries, report = import_esco(sorted((data / "esco").glob("*.csv")))
    by_label = {e.label: e for e in entries}
    assert set(by_label) == {"réduire la consommation d’énergie", "gérer une équipe"}
    assert by_label["gérer une équipe"].category == "management"
    assert by_label["réduire la consommation d’énergie"].esco_uri.endswith("000000000001")
    assert report.kept == {"green": 1, "management": 1}
    assert sum(report.skipped.values()) == 4


def test_imported_esco_entries_match_offer_wording(data, tmp_path):
    import spacy

    from skillmine.lexicon.store import Lexicon
    from skillmine.pipes.normalizer import SkillNormalizer
    from skillmine.pipes.skills.matcher import SkillMatcher

    out = tmp_path / "esco.jsonl"
    res = CliRunner().invoke(
        app, ["lexicon", "import-esco", *map(str, sorted((data / "esco").glob("*.csv"))), "-o", str(out)]
    )
    assert res.exit_code == 0, res.output
    assert "2 entries" in res.output
    nlp = spacy.blank("fr")
    lex = Lexicon({e.id: e for e in read_lexicon(out)})
    doc = SkillMatcher(nlp, lex)(
        SkillNormalizer()(nlp("Vous gérez l'équipe de nuit ; gestion d'équipes ; diminuer la consommation d'énergie."))
    )
    found = [(s.text, s.id_) for s in doc.spans["skills"]]
    assert found == [
        ("gérez l'équipe", "esco_bbbb00010000"),
        ("gestion d'équipes", "esco_bbbb00010000"),
        ("diminuer la consommation d'énergie", "esco_aaaa00010000"),
    ]


def test_esco_file_in_cp1252_imports_as_utf8(data, tmp_path):
    """A collection re-saved by a spreadsheet in cp1252 reads as the UTF-8 one (it used to be refused)."""
    name = "greenSkillsCollection_fr.csv"
    (tmp_path / name).write_bytes((data / "esco" / name).read_text(encoding="utf-8").encode("cp1252"))
    entries, _ = import_esco([tmp_path / name])
    assert [e.to_dict() for e in entries] == [e.to_dict() for e in import_esco([data / "esco" / name])[0]]
    assert entries[0].label == "réduire la consommation d’énergie"


def test_rome_fixture_import(data):
    entries, report = import_rome(data / "rome")
    cats = {e.rome_ogr: e.category for e in entries}
    assert cats == {"900001": "digital", "900002": "green", "900003": "management"}
    assert report.skipped["not flagged digital / green, not management"] == 1


def test_esco_unknown_file_is_refused(tmp_path):
    bad = tmp_path / "occupations_fr.csv"
    bad.write_text("conceptUri,preferredLabel\n", encoding="utf-8")
    res = CliRunner().invoke(app, ["lexicon", "import-esco", str(bad), "-o", str(tmp_path / "o.jsonl")])
    assert res.exit_code == 1 and "not an ESCO collection" in res.output


shared = pytest.mark.skipif(not (SHARED / "esco").is_dir(), reason="../shared/esco is not present")


@shared
def test_real_esco_collections_import(tmp_path):
    files = [
        SHARED / "esco" / f
        for f in (
            "digitalSkillsCollection_fr.csv",
            "greenSkillsCollection_fr.csv",
            "transversalSkillsCollection_fr.csv",
        )
    ]
    entries, report = import_esco(files)
    assert report.kept["digital"] > 500 and report.kept["green"] > 300 and report.kept["management"] >= 5
    out = tmp_path / "esco.jsonl"
    from skillmine.lexicon.taxonomy import write_lexicon

    write_lexicon(entries, out)
    assert len(read_lexicon(out)) == len(entries)  # what we write, we read back valid


@pytest.mark.skipif(not (SHARED / "rome").is_dir(), reason="../shared/rome is not present")
def test_real_rome_import():
    entries, report = import_rome(SHARED / "rome")
    assert report.kept["digital"] > 1000 and report.kept["green"] > 500
    assert all(e.rome_ogr for e in entries)


@shared
def test_bundled_lexicon_links_exist_in_esco_and_rome():
    """Every ESCO URI and ROME code of the bundled lexicon is one that the reference files hold."""
    import csv

    from skillmine.lexicon.store import Lexicon

    uris = set()
    for f in (SHARED / "esco").glob("*_fr.csv"):
        with open(f, encoding="utf-8") as fh:
            uris |= {r["conceptUri"] for r in csv.DictReader(fh) if r.get("conceptUri")}
    codes = set()
    for name, col in [
        ("unix_referentiel_competence_v460_utf8.csv", "code_ogr"),
        ("unix_referentiel_savoir_v460_utf8.csv", "code_ogr_savoir"),
    ]:
        with open(SHARED / "rome" / name, encoding="utf-8") as fh:
            codes |= {r[col] for r in csv.DictReader(fh)}
    lex = Lexicon.bundled()
    bad_uri = [e.id for e in lex if e.esco_uri and e.esco_uri not in uris]
    bad_code = [e.id for e in lex if e.rome_ogr and e.rome_ogr not in codes]
    assert not bad_uri and not bad_code
    linked = {c: sum(1 for e in lex if e.category == c and (e.esco_uri or e.rome_ogr)) for c in lex.counts()}
    assert min(linked.values()) >= 40, linked
