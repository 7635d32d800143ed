"""Model cards written by ``skillmine train`` beside each artefact."""

from __future__ import annotations

from pathlib import Path

from .constants import CATEGORIES, FAMILIES

_DATA = """## Training data
The corpus in `corpora/` is **written for the project**: French job offers invented by several writers (fictional
companies; no real offer was copied), annotated by hand with `corpora/GUIDELINES.md`. It covers the four families,
non-cadre production jobs and other functions, many sectors, company sizes and writing styles (bullets, prose,
HTML, no headers, anglicisms, typos, inclusive writing). Offers per split: {splits}. Training-data SHA-256:
`{sha}`. Family and in-scope hyper-parameters were chosen by leave-one-writer-out cross-validation on
`train + dev`, skill thresholds on `dev`; the models were refitted on `train + dev`; `test` was read once, to
report the figures below.

Real offers (`realdev`: {realdev_n}) are an evaluation set only: never trained on, never used to choose anything.
"""

_LIMITS = """## Limits
- Written offers are cleaner and more regular than real ones; expect lower figures on real exports (compare the
  two columns above).
- French only: an English offer is flagged `not_french` and read poorly.
- Baseline to beat: a dozen keyword regexes and title cues (`benchmarks/floor.py`); the floor's figures and the
  errors that remain on real offers are in `benchmarks/RESULTS.md`.
"""


def _fmt(x) -> str:
    return "—" if x is None else f"{x:.3f}"


def write_cards(out: Path, manifest: dict, metrics: dict) -> None:
    splits = ", ".join(f"{k} {v}" for k, v in manifest["training_data"]["offers"].items())
    realdev_n = metrics["realdev"]["n_offers"] if "realdev" in metrics else "not available when trained"
    data = _DATA.format(splits=splits, sha=manifest["training_data"]["sha256"][:16], realdev_n=realdev_n)
    test, real = metrics.get("test"), metrics.get("realdev")
    chosen = manifest["chosen"]

    def row(name, get):
        return f"| {name} | {_fmt(get(test) if test else None)} | {_fmt(get(real) if real else None)} |"

    fam_rows = [row("macro-F1 (in-scope offers)", lambda m: m["family_in_scope"]["macro_f1"]),
                row("accuracy (in-scope offers)", lambda m: m["family_in_scope"]["accuracy"])]
    fam_rows += [row(f"F1 {f}", lambda m, f=f: m["family_in_scope"]["per_family"][f]["f1"]) for f in FAMILIES]
    (out / "family.md").write_text(
        "# Model card — family (`family.skops`)\n\n"
        "Maps an offer to one of the four Apec families of the production / maintenance function "
        "(direction industrielle, ingénierie production, maintenance industrielle, pilotage de production), "
        "with calibrated probabilities and the words that drove the decision (`OfferAnalysis.explain()`).\n\n"
        "## Model\nscikit-learn `Pipeline`: TF-IDF on the title (words 1-2 and characters 3-5, weighted), title cues "
        "(`skillmine.family.TITLE_CUES`: typical titles of each family, cadre and non-cadre levels, other "
        "functions) and TF-IDF on the body without company and benefits blocks (words 1-2), then "
        "`LogisticRegression` (balanced classes) in `CalibratedClassifierCV` (sigmoid, 5 folds). The features are "
        "fitted on every training offer and shared with the in-scope model. Chosen by "
        f"leave-one-writer-out cross-validation: `{chosen['family']}`.\n\n"
        + data + "\n## Metrics\n| metric | test (written) | realdev (real offers) |\n|---|---|---|\n"
        + "\n".join(fam_rows) + "\n\n" + _LIMITS,
        encoding="utf-8",
    )
    scope_rows = [row(k, lambda m, k=k: m["in_scope"][k]) for k in ("precision", "recall", "f1")]
    (out / "in_scope.md").write_text(
        "# Model card — in scope (`in_scope.skops`)\n\n"
        "Says whether an offer is a cadre job of the industrial production / maintenance function at all (other "
        "functions and non-cadre jobs such as opérateur, technicien or chef d'équipe are out of scope).\n\n"
        "## Model\nA binary `LogisticRegression` in `CalibratedClassifierCV` over the family model's features (the "
        "file holds the classifier alone: an offer's features are computed once for both decisions); "
        f"decision threshold {manifest['in_scope_threshold']} (centre of the F1 plateau of out-of-fold probabilities). "
        f"Chosen by leave-one-writer-out cross-validation: `{chosen['in_scope']}`.\n\n"
        + data + "\n## Metrics\n| metric | test (written) | realdev (real offers) |\n|---|---|---|\n"
        + "\n".join(scope_rows) + "\n\n" + _LIMITS,
        encoding="utf-8",
    )
    cat_rows = [row(f"{c}: offer-level F1", lambda m, c=c: m["categories"][c]["f1"]) for c in CATEGORIES]

    def pr(m, c):
        return f"{m['categories'][c]['precision']:.3f} / {m['categories'][c]['recall']:.3f}" if m else "—"

    cat_rows += [f"| {c}: offer-level precision / recall | {pr(test, c)} | {pr(real, c)} |" for c in CATEGORIES]
    span_rows = [row(f"{c}: span F1 (overlap)", lambda m, c=c: m["spans"][c]["overlap"]["f1"] if m.get("spans") else None)
                 for c in CATEGORIES]
    (out / "skills.md").write_text(
        "# Model card — skills (`skills.skops`)\n\n"
        "Scores each sentence of an offer for the digital, green and management categories and adds the mentions "
        "that the lexicon missed (`source=\"model\"`, `score` = its probability). Rule mentions carry as score the "
        "precision of the rules of their category measured on train + dev.\n\n"
        "## Model\nscikit-learn `Pipeline`: TF-IDF word 1-2-grams (plus character 3-5-grams when they pay on dev), "
        "one `LogisticRegression` per category (`OneVsRestClassifier`, balanced classes), scoring each sentence. "
        f"Chosen on dev: `{chosen['skills']}`. Thresholds `{manifest['skill_thresholds']}` (a value above 1 turns "
        "the model off for that category): per category, among the thresholds where at least "
        f"{manifest.get('precision_floor', 0.7):.0%} of the model's mentions on dev sit in a line that holds a gold "
        "mention of their category, the highest within 0.01 of the best offer-level F1. Rule precision "
        f"(train + dev), the score a rule mention carries: `{manifest['rule_precision']}`.\n\n"
        + data + "\n## Metrics (rules + model, the offer asks for the category)\n"
        "| metric | test (written) | realdev (real offers) |\n|---|---|---|\n"
        + "\n".join(cat_rows + span_rows) + "\n\nrealdev has no span annotation (offer-level labels only).\n\n" + _LIMITS,
        encoding="utf-8",
    )
