"""The command line end to end: classify (formats, bad input, resume, mentions), analyze, report, dedup, lexicon."""

from __future__ import annotations

import gzip
import json
from html.parser import HTMLParser

import pandas as pd
import pytest
from typer.testing import CliRunner

from paths import EXAMPLES, ROOT
from skillmine.cli import app
from skillmine.io.readers import iter_records
from skillmine.io.schema import MENTION_COLUMNS, OFFER_COLUMNS

runner = CliRunner()


@pytest.fixture(autouse=True)
def _session_miners(monkeypatch, miner, fast_miner):
    """Commands run in this process reuse the session's miners (bundled models, no user lexicon) instead of
    loading their own each time; any other load (a model folder, a lexicon) is real."""
    import skillmine.miner as miner_module

    real = miner_module.load

    def load(profile="default", model_dir=None, extra_lexicon=None, **kw):
        if model_dir is None and not extra_lexicon and not kw:
            return fast_miner if profile == "fast" else miner
        return real(profile=profile, model_dir=model_dir, extra_lexicon=extra_lexicon, **kw)

    monkeypatch.setattr(miner_module, "load", load)


def run(*args, **kw):
    return runner.invoke(app, [str(a) for a in args], catch_exceptions=False, **kw)


def read(path):
    if str(path).endswith(".parquet"):
        return pd.read_parquet(path)
    if str(path).endswith(".jsonl"):
        return pd.read_json(path, lines=True, dtype={"id": str})
    return pd.read_csv(path, dtype={"id": str, "offer_id": str}, keep_default_na=False)


@pytest.fixture(scope="module")
def classified(tmp_path_factory):
    out = tmp_path_factory.mktemp("cls")
    res = run("classify", EXAMPLES, "-o", out / "results.csv", "--mentions", out / "mentions.csv", "--quiet")
    assert res.exit_code == 0, res.output
    return out


def test_help_lists_every_command():
    res = run("--help")
    for cmd in ("classify", "analyze", "train", "evaluate", "report", "lexicon", "discover", "dedup"):
        assert cmd in res.output


def test_classify_examples_one_row_per_offer(classified):
    rows = read(classified / "results.csv")
    n = len(list(iter_records([EXAMPLES])))
    assert len(rows) == n and rows["id"].is_unique
    assert list(rows.columns) == list(OFFER_COLUMNS)
    assert set(rows["status"]) <= {"ok", "empty", "not_french", "truncated", "invalid"}
    ok = rows[rows["status"] == "ok"]
    assert set(ok["function"]) <= {"production_maintenance", "other"} and set(ok["level"]) <= {"cadre", "non_cadre"}
    both = (ok["function"] == "production_maintenance") & (ok["level"] == "cadre")
    assert (ok["in_scope"].astype(bool) == both).all()
    assert ok["function_score"].between(0, 1).all() and ok["level_score"].between(0, 1).all()
    mentions = read(classified / "mentions.csv")
    assert list(mentions.columns) == list(MENTION_COLUMNS)
    assert set(mentions["offer_id"]) <= set(rows["id"])
    ft = rows[rows["source"].str.contains("france_travail.json", regex=False)]
    assert len(ft) == 2 and ft["rome_code"].notna().all() and ft["date"].str.startswith("2026-").all()
    # France Travail's ROME codes and the families they map to (I1102: ingénieur de maintenance industrielle,
    # H1402: ingénieur méthodes et process)
    assert dict(zip(ft["id"], ft["rome_code"])) == {"c04-014": "I1102", "c04-040": "H1402"}
    assert dict(zip(ft["id"], ft["rome_family"])) == {
        "c04-014": "maintenance_industrielle",
        "c04-040": "ingenierie_production",
    }
    counted = mentions[mentions["level"] != "company"].groupby(["offer_id", "category"]).size()
    for _, r in rows.iterrows():
        for cat in ("digital", "green", "management"):
            assert r[f"n_{cat}"] == counted.get((r["id"], cat), 0)


def test_bad_inputs_keep_n_in_n_out(tmp_path):
    good = "Responsable de production (H/F). Vous animez les équipes et pilotez le MES de l'atelier."
    lines = [
        json.dumps({"id": "ok1", "text": good}),
        "{broken",
        json.dumps({"id": "null", "text": None}),
        json.dumps({"id": "en", "text": "We are hiring a production manager to lead the team and run the plant."}),
        json.dumps({"id": "big", "text": good + " Vous pilotez." * 400_000}),
        json.dumps({"id": "bin", "text": "\x00\ufffd" * 300}),
        json.dumps({"id": "nolabel"}),
    ]
    with gzip.open(tmp_path / "in.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    res = run("classify", tmp_path / "in.jsonl.gz", "-o", tmp_path / "out.jsonl", "--quiet")
    assert res.exit_code == 0, res.output
    out = read(tmp_path / "out.jsonl").set_index("id")
    assert len(out) == len(lines)
    assert out.loc["ok1", "status"] == "ok"
    assert out.loc["in.jsonl.gz:2", "status"] == "invalid" and "invalid JSON" in out.loc["in.jsonl.gz:2", "error"]
    assert out.loc["null", "status"] == "empty"
    assert out.loc["en", "status"] == "not_french"
    assert out.loc["big", "status"] == "truncated"
    assert out.loc["bin", "status"] == "invalid"
    assert out.loc["nolabel", "status"] in ("invalid", "empty")


def test_latin1_csv_with_semicolons_and_parquet_out(tmp_path):
    df = pd.DataFrame(
        {
            "réf": ["a1", "a2"],
            "intitulé": ["Ingénieur méthodes", "Chef d'équipe"],
            "description": [
                "Vous menez les chantiers lean et l'industrialisation des nouveaux produits.",
                "Vous animez l'équipe de nuit sur la ligne d'embouteillage.",
            ],
        }
    )
    df.to_csv(tmp_path / "offres.csv", sep=";", index=False, encoding="cp1252")
    res = run("classify", tmp_path / "offres.csv", "-o", tmp_path / "r.parquet", "--id-field", "réf", "--quiet")
    assert res.exit_code == 0, res.output
    out = read(tmp_path / "r.parquet")
    assert list(out["id"]) == ["a1", "a2"] and list(out["title"]) == ["Ingénieur méthodes", "Chef d'équipe"]


def test_resume_appends_only_new_offers(tmp_path):
    recs = [json.loads(line) for line in (EXAMPLES / "offers.jsonl").read_text(encoding="utf-8").splitlines()]
    (tmp_path / "a.jsonl").write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in recs[:3]) + "\n", encoding="utf-8"
    )
    run("classify", tmp_path / "a.jsonl", "-o", tmp_path / "out.csv", "--quiet")
    (tmp_path / "a.jsonl").write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in recs[:5]) + "\n", encoding="utf-8"
    )
    res = run("classify", tmp_path / "a.jsonl", "-o", tmp_path / "out.csv", "--resume")
    assert res.exit_code == 0
    assert "3 already in the output" in res.output
    out = read(tmp_path / "out.csv")
    assert list(out["id"]) == [r["id"] for r in recs[:5]]


def test_unusable_arguments_exit_non_zero(tmp_path):
    res = run("classify", tmp_path / "missing.jsonl", "-o", tmp_path / "o.csv")
    assert res.exit_code == 1 and "no such file" in res.output
    (tmp_path / "x.csv").write_text("id;titre\n1;Opérateur\n", encoding="utf-8")
    res = run("classify", tmp_path / "x.csv", "-o", tmp_path / "o.csv")
    assert res.exit_code == 1 and "--text-field" in res.output
    res = run("classify", EXAMPLES, "-o", tmp_path / "no" / "such" / "dir" / "o.csv", "--quiet")
    assert res.exit_code == 1 and "cannot write" in res.output


def test_analyze_prints_a_reading(tmp_path):
    text = "Responsable maintenance (H/F)\nVous encadrez une équipe de techniciens et déployez la GMAO."
    res = run("analyze", text)
    assert res.exit_code == 0
    assert "Maintenance industrielle" in res.output and "GMAO" in res.output and "required" in res.output
    res = run("analyze", "-", "--json", input=text)
    d = json.loads(res.output)
    assert d["family"] == "maintenance_industrielle" and "digital" in d["categories"]


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.srcs, self.h2 = [], [], []
        self._in_h2 = False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self._in_h2 = tag == "h2"
        self.srcs += [v for k, v in attrs if k in ("src", "href")]

    def handle_data(self, data):
        if self._in_h2:
            self.h2.append(data)
            self._in_h2 = False


def test_report_is_self_contained(classified, tmp_path):
    res = run(
        "report", classified / "results.csv", "--mentions", classified / "mentions.csv", "-o", tmp_path / "r.html"
    )
    assert res.exit_code == 0, res.output
    p = _Tags()
    p.feed((tmp_path / "r.html").read_text(encoding="utf-8"))
    assert p.tags.count("img") >= 4 and all(s.startswith("data:image/png;base64,") for s in p.srcs)
    assert "Offres lues, par statut" in p.h2 and "Comment ces chiffres sont faits" in p.h2
    assert "script" not in p.tags and "link" not in p.tags
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    # shares corrected with the bundled error rates, raw beside them, the assumption said, small groups flagged
    assert "<b>Parts corrigées.</b>" in html and "part corrigée" in html and "part brute" in html
    assert "IC 95 %" in html and "moins de 30 offres" in html
    res = run("report", classified / "results.csv", "-o", tmp_path / "raw.html", "--raw")
    raw = (tmp_path / "raw.html").read_text(encoding="utf-8")
    assert res.exit_code == 0 and "Parts non corrigées" in raw and "part corrigée" not in raw


def test_report_from_offer_files_with_dedup(tmp_path):
    recs = [json.loads(line) for line in (EXAMPLES / "offers.jsonl").read_text(encoding="utf-8").splitlines()][:6]
    repost = dict(recs[0], id="repost", text="Offre publiée à nouveau.\n" + recs[0]["text"])
    (tmp_path / "o.jsonl").write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in recs + [repost]) + "\n", encoding="utf-8"
    )
    res = run("report", tmp_path / "o.jsonl", "--dedup", "-o", tmp_path / "r.html", "--quiet")
    assert res.exit_code == 0, res.output
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "<b>7</b>offres lues" not in html and "<b>1</b>doublons écartés" in html


def test_dedup_command(tmp_path):
    recs = [json.loads(line) for line in (EXAMPLES / "offers.jsonl").read_text(encoding="utf-8").splitlines()][:5]
    recs.append(dict(recs[1], id="again", text=recs[1]["text"] + "\nPublié le 12/10."))
    (tmp_path / "o.jsonl").write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in recs) + "\n", encoding="utf-8"
    )
    res = run("dedup", tmp_path / "o.jsonl", "-o", tmp_path / "pairs.csv", "--clusters", tmp_path / "c.csv")
    assert res.exit_code == 0, res.output
    pairs = read(tmp_path / "pairs.csv")
    assert [set(p) for p in zip(pairs["id_a"], pairs["id_b"])] == [{recs[1]["id"], "again"}]
    assert read(tmp_path / "c.csv")["cluster"].nunique() == 5


def test_lexicon_validate_and_show(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text(
        json.dumps({"id": "x", "label": "X", "category": "vert", "variants": ["x y"]}) + "\n", encoding="utf-8"
    )
    res = run("lexicon", "validate", bad)
    assert res.exit_code == 1 and "unknown category 'vert'" in res.output and ":1" in res.output
    dup = tmp_path / "dup.jsonl"
    dup.write_text(
        "\n".join(json.dumps({"id": "x", "label": "X", "category": "green", "variants": ["x y"]}) for _ in range(2)),
        encoding="utf-8",
    )
    res = run("lexicon", "validate", dup)
    assert res.exit_code == 1 and "duplicate id 'x'" in res.output
    empty = tmp_path / "empty.yaml"
    empty.write_text("- id: y\n  label: Y\n  category: digital\n", encoding="utf-8")
    res = run("lexicon", "validate", empty)
    assert res.exit_code == 1 and "can never match" in res.output
    res = run("lexicon", "show", "--category", "green")
    assert res.exit_code == 0
    lines = [line for line in res.stdout.splitlines() if line.strip()]
    assert len(lines) >= 80 and all(" green " in line for line in lines)


def test_discover_proposes_unknown_phrases(tmp_path):
    texts = [
        f"Vous pilotez la migration vers le jumeau hydraulique de la ligne {i} et la télémaintenance augmentée des presses."
        for i in range(4)
    ]
    (tmp_path / "o.jsonl").write_text(
        "\n".join(json.dumps({"id": str(i), "text": t}) for i, t in enumerate(texts)), encoding="utf-8"
    )
    res = run("discover", tmp_path / "o.jsonl", "-o", tmp_path / "c.csv", "--min-score", "0")
    assert res.exit_code == 0, res.output
    c = read(tmp_path / "c.csv")
    assert list(c.columns) == ["phrase", "count", "offers", "category", "score", "example_1", "example_2"]
    assert (c["count"] >= 2).all() and c["example_1"].str.contains(r"\[").all()
    assert any("jumeau hydraulique" in p for p in c["phrase"])  # not in the lexicon; "télémaintenance" is


def test_evaluate_command_writes_metrics(tmp_path):
    gold = ROOT / "corpora" / "offers.jsonl"
    lines = gold.read_text(encoding="utf-8").splitlines()[:15]
    (tmp_path / "g.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    res = run("evaluate", tmp_path / "g.jsonl", "-o", tmp_path / "m.json", "--profile", "fast")
    assert res.exit_code == 0, res.output
    m = json.loads((tmp_path / "m.json").read_text())
    assert m["n_offers"] == 15 and set(m["categories"]) == {"digital", "green", "management"}
    assert "confusion" in m["family_in_scope"]
