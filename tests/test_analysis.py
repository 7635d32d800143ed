"""The analysis layer on a constructed results table, and near-duplicates on constructed reposts."""

from __future__ import annotations

import pandas as pd
import pytest

from skillmine import analysis as A
from skillmine.constants import CATEGORIES, FAMILIES

pytest.importorskip("matplotlib")


@pytest.fixture()
def results():
    return pd.DataFrame(
        {
            "id": list("abcdef"),
            "status": ["ok", "ok", "ok", "ok", "empty", "ok"],
            "family": [
                "maintenance_industrielle",
                "maintenance_industrielle",
                "pilotage_production",
                "direction_industrielle",
                "pilotage_production",
                "ingenierie_production",
            ],
            "in_scope": [True, True, True, True, False, False],
            "has_digital": [True, False, True, False, False, True],
            "has_green": [False, False, True, True, False, False],
            "has_management": [True, True, True, True, False, False],
            "skills_digital": ["gmao|mes", "", "mes", "", "", "cao"],
            "skills_green": ["", "", "iso_14001", "decarbonation", "", ""],
            "skills_management": ["encadrement", "encadrement", "management_equipe", "pl", "", ""],
            "date": ["2026-09-03", "2026-09-20", "2026-10-01", "2026-10-15", None, "2026-10-30"],
        }
    )


def test_in_scope_drops_empty_and_out_of_scope(results):
    assert list(A.in_scope(results)["id"]) == ["a", "b", "c", "d"]


def test_category_share_by_family(results):
    t = A.in_scope(results).pipe(A.category_share, adjust=False)
    assert list(t.columns) == ["share", "low", "high", "raw_share", "n"]
    assert t.loc[("maintenance_industrielle", "digital"), "share"] == 0.5
    assert t.loc[("maintenance_industrielle", "management"), "raw_share"] == 1.0
    assert t.loc[("ensemble", "green"), "share"] == 0.5
    assert pd.isna(t.loc[("ingenierie_production", "digital"), "share"])  # no in-scope offer of that family
    assert list(t.xs("digital", level="categorie")["n"]) == [1, 0, 2, 1, 4]
    ok = t["share"].notna()
    assert ((t["low"] <= t["share"]) & (t["share"] <= t["high"]))[ok].all()


def test_category_share_by_none_is_one_row_per_category(results):
    t = A.in_scope(results).pipe(A.category_share, by=None, adjust=False)
    assert list(t.index) == list(CATEGORIES) and t.index.name == "categorie"
    assert t.loc["green", "raw_share"] == 0.5 and t.loc["green", "n"] == 4


def test_corrected_shares_follow_the_error_rates(results):
    """With made-up error rates: tpr 0.8, fpr 0.1 for every category; a raw share of 0.5 becomes
    (0.5 - 0.1) / (0.8 - 0.1); shares stay in [0, 1]."""
    counts = {"tp": 80, "fn": 20, "fp": 10, "tn": 90}
    rates = {c: counts for c in ("digital", "green", "management", "in_scope")}
    rates["family_confusion"] = {f: {g: (9 if f == g else 1) for g in FAMILIES} for f in FAMILIES}
    t = A.in_scope(results).pipe(A.category_share, by=None, rates=rates)
    assert t.loc["green", "share"] == pytest.approx(0.4 / 0.7)
    assert t.loc["management", "share"] == 1.0  # raw 1.0 -> (1 - 0.1) / 0.7 > 1, clipped
    assert (t["low"] >= 0).all() and (t["high"] <= 1).all()
    s = A.in_scope_share(results, rates=rates)
    assert s.loc["in_scope", "raw_share"] == 0.8 and s.loc["in_scope", "share"] == 1.0
    fam = A.offers_per_family(A.in_scope(results), rates=rates)
    assert fam["share"].sum() == pytest.approx(1.0) and list(fam["offres"]) == [1, 0, 2, 1]
    # each family is read right 9 times in 12 here: the correction moves shares away from the confused ones
    assert fam.loc["maintenance_industrielle", "share"] > fam.loc["maintenance_industrielle", "raw_share"]


def test_adjusting_without_measured_rates_says_so(results, tmp_path):
    from skillmine.analysis.shares import RatesError

    (tmp_path / "manifest.json").write_text('{"chosen": {"cv": {"pool": "written"}}, "error_rates": {}}')
    with pytest.raises(RatesError, match="not measured on labelled real offers.*adjust=False"):
        A.category_share(results, rates=tmp_path)
    assert A.category_share(results, rates=tmp_path, adjust=False)["share"].notna().any()


def test_bundled_models_carry_their_error_rates(results):
    t = A.category_share(A.in_scope(results), by=None)  # the bundled rates, measured on real offers
    assert t["share"].between(0, 1).all() and not t["share"].equals(t["raw_share"])


def test_top_skills_counts_offers(results):
    t = A.in_scope(results).pipe(A.top_skills, category="digital", by_family=False)
    assert t.set_index("skill_id")["offres"].to_dict() == {"mes": 2, "gmao": 1}
    by = A.in_scope(results).pipe(A.top_skills, category="management")
    enc = by[(by["famille"] == "maintenance_industrielle") & (by["skill_id"] == "encadrement")]
    assert enc[["offres", "part"]].values.tolist() == [[2, 1.0]]  # two offers of one family: counted twice
    with pytest.raises(ValueError, match="unknown category"):
        A.top_skills(results, category="vert")


def test_cooccurrence_and_trend(results):
    co = A.in_scope(results).pipe(A.cooccurrence)
    assert co.loc["digital", "management"] == 2 and co.loc["green", "green"] == 2
    trend = A.in_scope(results).pipe(A.monthly_trend)
    assert [str(p) for p in trend.index] == ["2026-09", "2026-10"]
    assert trend.loc[trend.index[1], "green"] == 1.0


def test_missing_column_is_a_clear_error(results):
    with pytest.raises(KeyError, match="has_green"):
        A.category_share(results.drop(columns="has_green"), adjust=False)


BLURB_A = "Cabinet Alpha, spécialiste du recrutement industriel depuis 1998, recherche pour son client :"
BLURB_B = "Beta Intérim, votre partenaire emploi en Auvergne-Rhône-Alpes, recrute pour un client industriel :"
BULLETS = [
    "- organiser et suivre le plan de maintenance préventive des presses et des lignes d'assemblage",
    "- encadrer une équipe de douze techniciens de maintenance en trois-huit",
    "- déployer la GMAO et fiabiliser les données d'intervention",
    "- conduire les projets de travaux neufs avec le bureau d'études et les fournisseurs",
    "- piloter le budget de maintenance et les indicateurs de disponibilité",
]
BODY = (
    "Responsable maintenance H/F pour une usine de composants automobiles de 300 personnes près de Lyon. "
    "Vos missions : \n{bullets}\nProfil : ingénieur, dix ans d'expérience en maintenance industrielle, "
    "leadership et sens du terrain. Poste en CDI, statut cadre, publié le {date}."
)


def repost(blurb, order, date):
    return blurb + "\n" + BODY.format(bullets="\n".join(BULLETS[i] for i in order), date=date)


def test_near_duplicates_find_reposts_not_distinct_offers():
    other = (
        "Chef de production H/F pour une usine de composants automobiles de 300 personnes près de Lyon. "
        "Vous animez les équipes de fabrication, suivez les indicateurs de production et le plan de charge, "
        "organisez les plannings et les remplacements, et portez la sécurité au poste. Profil : bac+5, "
        "cinq ans en production en série, leadership. Poste en CDI, statut cadre, publié le 3 octobre."
    )
    df = pd.DataFrame(
        {
            "id": ["orig", "agency", "reordered", "other"],
            "text": [
                repost(BLURB_A, range(5), "3 octobre"),
                repost(BLURB_B, range(5), "12 octobre"),
                repost(BLURB_A, [2, 0, 4, 1, 3], "20 octobre"),
                other,
            ],
        }
    )
    pairs = A.near_duplicates(df)
    found = {frozenset(p) for p in zip(pairs["id_a"], pairs["id_b"])}
    assert found == {
        frozenset({"orig", "agency"}),
        frozenset({"orig", "reordered"}),
        frozenset({"agency", "reordered"}),
    }
    assert (pairs["similarity"] >= A.DUPLICATE_THRESHOLD).all()
    clusters = A.duplicate_clusters(df["id"], pairs)
    assert clusters.nunique() == 2 and clusters["agency"] == clusters["reordered"] == "agency"
    assert list(A.dedup(df)["id"]) == ["orig", "other"]


def test_near_duplicates_on_too_little_text_is_empty():
    assert A.near_duplicates(pd.DataFrame({"id": ["a", "b"], "text": ["", None]})).empty
