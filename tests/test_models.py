"""Training end to end on a small slice, determinism, the checked loading path, calibration, the bundled models."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest

import skillmine
from paths import ROOT
from skillmine.estimators.artifacts import (
    MODEL_FILES,
    ModelError,
    default_model_dir,
    load_models,
    save_model,
    sha256_file,
)
from skillmine.training.corpus import corpus_files, data_hash, read_corpus, read_split

pytestmark = pytest.mark.slow


def write_real_folder(folder, offers):
    """Corpus offers written as a folder of labelled real offers (the realdev format): offers.jsonl + labels.jsonl,
    the evidence quotes taken from the gold spans; every other offer carries a qualification field."""
    folder.mkdir(parents=True, exist_ok=True)
    with (
        open(folder / "offers.jsonl", "w", encoding="utf-8") as fo,
        open(folder / "labels.jsonl", "w", encoding="utf-8") as fl,
    ):
        for k, o in enumerate(offers):
            rec = {"id": o.id, "source": "fixture", "title": o.title, "text": o.text}
            if k % 2:  # half carry a France Travail qualification, as part of realtrain does
                rec["qualification"] = "Cadre" if o.meta["level"] == "cadre" else "Technicien"
            fo.write(json.dumps(rec, ensure_ascii=False) + "\n")
            evidence = {
                c: [o.text[s.start : s.end] for s in o.spans if s.category == c and s.level != "company"][:3]
                for c in skillmine.CATEGORIES
            }
            fl.write(
                json.dumps(
                    {
                        "id": o.id,
                        "function": o.meta["function"],
                        "level": o.meta["level"],
                        "family": o.family,
                        "categories": {c: bool(q) for c, q in evidence.items()},
                        "evidence": evidence,
                    },
                    ensure_ascii=False,
                )
                + "\n"
            )
    return folder


@pytest.fixture(scope="module")
def small_models(tmp_path_factory):
    """Two trainings on 40 offers a split plus 60 "real" offers (written offers in the real format, from the test
    split, so that the models are still scored on offers they never read); 3 cross-validation folds instead of the
    default 5, to keep the tests short."""
    from skillmine.training.train import train

    root = tmp_path_factory.mktemp("train")
    split = read_split(ROOT / "corpora")
    held = [o for o in read_corpus(ROOT / "corpora" / "offers.jsonl") if split.get(o.id) == "test"]
    real = write_real_folder(root / "real", held[40:100])
    a = train(
        corpus_dir=ROOT / "corpora",
        out_dir=root / "a",
        seed=0,
        limit=40,
        real=[real],
        profile="fast",
        folds=3,
        oof_out=root / "oof.jsonl",
        log=lambda s: None,
    )
    b = train(
        corpus_dir=ROOT / "corpora",
        out_dir=root / "b",
        seed=0,
        limit=40,
        real=[real],
        profile="fast",
        folds=3,
        log=lambda s: None,
    )
    return root, a, b


def test_small_training_works_end_to_end(small_models):
    root, manifest, _ = small_models
    assert set(manifest["files"]) == set(MODEL_FILES.values())
    test = manifest["metrics"]["test"]
    assert test["n_offers"] == 40
    # 60 % of the test offers are in scope: "always in scope" scores F1 0.75 there, a model must do better
    assert test["family_in_scope"]["accuracy"] > 0.6 and test["in_scope"]["f1"] > 0.8
    assert manifest["chosen"]["cv"] == {"folds": 3, "pool": "real", "offers": 40}
    assert manifest["training_data"]["real"][0]["offers"] == 40
    cv = manifest["headline"]["cv"]
    assert cv["in_scope_f1"]["low"] <= cv["in_scope_f1"]["value"] <= cv["in_scope_f1"]["high"]
    for name in ("family.md", "in_scope.md", "skills.md"):
        card = (root / "a" / name).read_text(encoding="utf-8")
        assert "written for the project" in card and "cross-validated (real)" in card and "`real/`: 40 offers" in card
    assert "![Reliability diagram](reliability.png)" in (root / "a" / "in_scope.md").read_text(encoding="utf-8")
    assert (root / "a" / "reliability.png").read_bytes().startswith(b"\x89PNG")
    # the out-of-fold reading of each pool offer beside its labels: what a developer reads before changing a model
    oof = [json.loads(line) for line in (root / "oof.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(oof) == 40 and len({r["id"] for r in oof}) == 40
    assert {"in_scope", "gold_in_scope", "has_green", "gold_green", "gold_evidence", "mentions"} <= set(oof[0])
    wrong = sum(r["in_scope"] != r["gold_in_scope"] for r in oof)
    assert wrong == manifest["error_rates"]["in_scope"]["fp"] + manifest["error_rates"]["in_scope"]["fn"]
    fields = manifest["chosen"]["offer_models"]["structured_fields"]
    assert fields["offers"] == 20  # the offers of the pool with a qualification, scored with and without it
    assert set(fields) == {"offers", "text", "text_and_fields"}


def test_training_is_deterministic(small_models):
    _, a, b = small_models
    assert a["files"] == b["files"]  # same SHA-256 for every artefact
    assert a["skill_thresholds"] == b["skill_thresholds"] and a["decision_threshold"] == b["decision_threshold"]


def test_train_refuses_a_malformed_label_file(tmp_path):
    from skillmine.training.train import train

    offers = read_corpus(ROOT / "corpora" / "offers.jsonl")[:3]
    real = write_real_folder(tmp_path / "real", offers)
    lines = (real / "labels.jsonl").read_text(encoding="utf-8").splitlines()
    bad = json.loads(lines[1])
    bad["level"] = "manager"
    (real / "labels.jsonl").write_text("\n".join([lines[0], json.dumps(bad), lines[2]]) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"labels.jsonl:2: unknown level 'manager'"):
        train(corpus_dir=ROOT / "corpora", out_dir=tmp_path / "m", real=[real], limit=5, log=lambda s: None)
    bad["level"], bad["evidence"] = "cadre", {"green": ["une phrase absente du texte"]}
    (real / "labels.jsonl").write_text("\n".join([lines[0], json.dumps(bad), lines[2]]) + "\n", encoding="utf-8")
    with pytest.raises(
        ValueError, match=r"labels.jsonl:2: green evidence quote 'une phrase absente du texte' is not in"
    ):
        train(corpus_dir=ROOT / "corpora", out_dir=tmp_path / "m", real=[real], limit=5, log=lambda s: None)
    with pytest.raises(FileNotFoundError, match="offers.jsonl is missing"):
        train(corpus_dir=ROOT / "corpora", out_dir=tmp_path / "m", real=[tmp_path], limit=5, log=lambda s: None)


def test_tampered_file_is_refused(small_models, tmp_path):
    root, _, _ = small_models
    shutil.copytree(root / "a", tmp_path / "m")
    f = tmp_path / "m" / MODEL_FILES["skills"]
    data = bytearray(f.read_bytes())
    data[len(data) // 2] ^= 0xFF
    f.write_bytes(bytes(data))
    with pytest.raises(ModelError, match="skills.skops.*does not match the manifest"):
        skillmine.load(profile="fast", model_dir=tmp_path / "m")


def test_foreign_types_are_refused_even_with_a_matching_checksum(small_models, tmp_path):
    from sklearn.ensemble import RandomForestClassifier

    root, _, _ = small_models
    shutil.copytree(root / "a", tmp_path / "m")
    rf = RandomForestClassifier(n_estimators=2).fit([[0], [1]], [0, 1])
    digest = save_model(rf, tmp_path / "m" / MODEL_FILES["family"])
    manifest = json.loads((tmp_path / "m" / "manifest.json").read_text())
    manifest["files"][MODEL_FILES["family"]]["sha256"] = digest  # an attacker who also rewrites the manifest
    (tmp_path / "m" / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(ModelError, match="family.skops: holds types outside the trusted list"):
        load_models(tmp_path / "m")


def test_models_saved_by_an_earlier_layout_are_refused_with_advice(small_models, tmp_path):
    """A model folder trained before the classes moved names them by their old paths: refused, and the message
    says to train again (rather than only listing untrusted types)."""
    from sklearn.base import BaseEstimator

    class Cues(BaseEstimator):  # pickled under the path the class had before the restructure
        pass

    Cues.__module__, Cues.__qualname__ = "skillmine.family", "Cues"
    root, _, _ = small_models
    shutil.copytree(root / "a", tmp_path / "m")
    digest = save_model(Cues(), tmp_path / "m" / MODEL_FILES["family"])
    manifest = json.loads((tmp_path / "m" / "manifest.json").read_text())
    manifest["files"][MODEL_FILES["family"]]["sha256"] = digest
    (tmp_path / "m" / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(ModelError, match=r"earlier version of skillmine.*skillmine\.family\.Cues.*skillmine train"):
        load_models(tmp_path / "m")


def test_missing_models_give_a_clear_error(tmp_path):
    with pytest.raises(ModelError, match="manifest.json is missing"):
        skillmine.load(model_dir=tmp_path)


def test_no_unpickling_anywhere():
    src = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "src" / "skillmine").rglob("*.py"))
    for bad in ("pickle.load", "joblib.load", "pickle.loads", "cloudpickle"):
        assert bad not in src


def test_bundled_models_match_the_corpus_and_carry_metrics():
    manifest = json.loads((default_model_dir() / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["training_data"]["sha256"] == data_hash(corpus_files(ROOT / "corpora"))
    for name, meta in manifest["files"].items():
        assert sha256_file(default_model_dir() / name) == meta["sha256"]
    test = manifest["metrics"]["test"]
    split = read_split(ROOT / "corpora")
    assert test["n_offers"] == sum(1 for s in split.values() if s == "test")


def test_probabilities_are_calibrated_distributions(miner):
    """On the corpus test split (offers the models never read): family scores are distributions; in-scope and
    family scores beat, in Brier score, the constant predictor that always says the train split's shares; as many
    offers are in scope, and in each family, as the scores expect; and where a tenth of the probability range holds
    20 offers or more, the share in scope there is within three binomial standard errors of the scores."""
    split = read_split(ROOT / "corpora")
    offers = read_corpus(ROOT / "corpora" / "offers.jsonl")
    test = [o for o in offers if split.get(o.id) == "test"]
    train = [o for o in offers if split.get(o.id) == "train"]
    assert len(test) == 100 and all(o.in_scope is not None for o in test)
    results = list(miner.analyze_many([{"text": o.text, "title": o.title} for o in test]))
    probs = np.array([[a.family_scores[f] for f in skillmine.FAMILIES] for a in results])
    assert np.allclose(probs.sum(axis=1), 1.0)
    assert ((probs >= 0) & (probs <= 1)).all()
    # calibrated, not saturated: some decisions are uncertain
    assert (probs.max(axis=1) < 0.99).any()

    p = np.array([a.in_scope_score for a in results])
    y = np.array([o.in_scope for o in test], dtype=float)
    assert ((p >= 0) & (p <= 1)).all()
    base = np.mean([o.in_scope for o in train])
    assert np.mean((p - y) ** 2) < 0.25 * np.mean((base - y) ** 2)
    assert abs(p.mean() - y.mean()) <= 0.05
    bins = np.minimum((p * 10).astype(int), 9)
    checked = 0
    for b in range(10):
        n = int((bins == b).sum())
        if n >= 20:
            predicted, observed = p[bins == b].mean(), y[bins == b].mean()
            assert abs(observed - predicted) <= 3 * np.sqrt(predicted * (1 - predicted) / n) + 0.02, (b, n)
            checked += 1
    assert checked >= 2  # the two ends of the range hold most offers

    with_family = [k for k, o in enumerate(test) if o.family]
    gold = np.array([[test[k].family == f for f in skillmine.FAMILIES] for k in with_family], dtype=float)
    prior = np.array([np.mean([o.family == f for o in train if o.family]) for f in skillmine.FAMILIES])
    fam = probs[with_family]
    assert np.mean(((fam - gold) ** 2).sum(axis=1)) < 0.25 * np.mean(((prior - gold) ** 2).sum(axis=1))
    assert np.abs(fam.mean(axis=0) - gold.mean(axis=0)).max() <= 0.05


def test_function_and_level_are_the_two_halves_of_in_scope(miner):
    offers = read_corpus(ROOT / "corpora" / "offers.jsonl")[:60]
    results = list(miner.analyze_many([{"text": o.text, "title": o.title} for o in offers]))
    t = miner.decision_threshold
    for a in results:
        assert a.in_scope == (a.function == "production_maintenance" and a.level == "cadre")
        assert (a.function == "production_maintenance") == (a.function_score >= t)
        assert (a.level == "cadre") == (a.level_score >= t)
        # P(both) can be no more than P(either)
        assert a.in_scope_score <= min(a.function_score, a.level_score) + 1e-9
    assert {a.function for a in results} == {"production_maintenance", "other"}
    assert {a.level for a in results} == {"cadre", "non_cadre"}


def test_in_scope_score_is_calibrated_on_real_offers():
    """The bundled manifest's cross-validated ECE, and the reliability table it comes from, agree."""
    manifest = json.loads((default_model_dir() / "manifest.json").read_text(encoding="utf-8"))
    rows = manifest["reliability"]
    n = sum(r["n"] for r in rows)
    recomputed = sum(r["n"] * abs(r["predicted"] - r["observed"]) for r in rows if r["n"]) / n
    assert abs(recomputed - manifest["headline"]["cv"]["in_scope_ece"]["value"]) < 1e-3
    assert recomputed <= 0.05


def test_family_and_scope_share_one_feature_matrix(miner):
    """The in-scope model is a classifier over the family features; an in-scope pipeline (older models) is refused."""
    from sklearn.pipeline import Pipeline

    from skillmine.estimators.family import FamilyModel

    fm = miner.family_model
    features = fm.family.named_steps["features"]
    assert fm.scope.n_features_in_ == len(features.get_feature_names_out())
    with pytest.raises(ValueError, match="skillmine train"):
        FamilyModel(fm.family, Pipeline([("features", features), ("clf", fm.scope)]))


def test_model_mentions_are_scored_and_located(fast_miner):
    """Two bullets no lexicon entry reads (sorting paper offcuts; being at ease with data): the bundled skill model
    adds one mention for each, in its category, scored above the category threshold, on words of its own bullet."""
    green_line = "- Vous suivez le tri et la revente des chutes de papier."
    digital_line = "- Vous êtes à l'aise avec les données."
    text = f"Vos missions :\n{green_line}\n{digital_line}"
    a = fast_miner.analyze(text, title="Responsable de production")
    assert a.text == text
    assert [m.source for m in a.skills] == ["model", "model"]  # the rules find nothing here
    green, digital = a.skills
    for m, cat, line, word in ((green, "green", green_line, "tri"), (digital, "digital", digital_line, "données")):
        assert (m.category, m.skill_id, m.section) == (cat, f"{cat}_autre", "missions")
        assert fast_miner.skill_model.thresholds[cat] <= m.score <= 1.0
        start = text.index(line)
        assert start <= m.start < m.end <= start + len(line) and text[m.start : m.end] == m.text
        assert word in m.text.split() and len(m.text.split()) <= 10


def test_saved_bytes_do_not_depend_on_the_process(tmp_path):
    """skops records id() values; save_model removes them, so two processes write the same bytes."""
    import subprocess
    import sys

    code = (
        "from skillmine.estimators.artifacts import save_model; from skillmine.estimators.family import make_features, make_classifier, frame; "
        "from sklearn.pipeline import make_pipeline; "
        "X = frame(['Responsable maintenance', 'Directeur usine', 'Chef de production', 'Ingénieur méthodes'] * 5,"
        " ['gmao equipe', 'strategie site', 'planning equipe', 'lean process'] * 5, ['statut cadre'] * 20); "
        "junk = [object() for _ in range(%d)]; "
        "print(save_model(make_pipeline(make_features(), make_classifier()).fit(X, ['m', 'd', 'p', 'i'] * 5), %r))"
    )
    shas = {
        subprocess.check_output([sys.executable, "-c", code % (n, str(tmp_path / f"{n}.skops"))], text=True).split()[-1]
        for n in (1, 5000)
    }
    assert len(shas) == 1
