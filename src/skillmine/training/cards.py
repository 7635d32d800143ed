"""Model cards written by ``skillmine train`` beside each artefact."""

from __future__ import annotations

from pathlib import Path

from skillmine.constants import CATEGORIES

_DATA = """## Training data
- **Written offers** (`corpora/`): French job offers written for the project by several writers (fictional
  companies), annotated by hand with `corpora/GUIDELINES.md`. Offers per split: {splits}; SHA-256 `{sha}`. Train + dev
  are trained on; test is read once, to report.
- **Real offers** (labelled with the realdev guidelines; never copied into the repository): {real}.
- **Choices** ({cv}): every hyper-parameter, the calibrators, the decision threshold and the skill thresholds were
  chosen on out-of-fold predictions; reposts of one job stay in one fold, and the written offers are in every
  fold's training part. The models were then refitted on everything.
- **realdev** ({realdev_n} real offers) is an evaluation set only: never trained on, never used to choose anything.
"""

_LIMITS = """## Limits
- Figures on small samples move: read the 95 % intervals (bootstrap over offers) before comparing two numbers.
- French only: an offer in another language is flagged `not_french` and read poorly.
- Baseline to beat: a dozen keyword regexes and title cues (`skillmine.training.floor`), scored in the tables above on the
  same offers; the errors that remain on real offers are in `benchmarks/RESULTS.md`.
"""

_COLUMNS = ("cv", "floor", "realdev", "floor_realdev", "test")
_NAMES = {
    "cv": "cross-validated (real)",
    "floor": "keyword floor, same offers",
    "realdev": "realdev (real, held out)",
    "floor_realdev": "keyword floor, realdev",
    "test": "test (written)",
}


def _cell(h: dict | None, key: str) -> str:
    if not h or key not in h or h[key]["value"] is None:
        return "—"
    v = h[key]
    return f"{v['value']:.3f}" + (f" [{v['low']:.3f}, {v['high']:.3f}]" if v["low"] is not None else "")


def _table(manifest: dict, keys: list[tuple[str, str]]) -> str:
    heads = manifest.get("headline", {})
    cols = [c for c in _COLUMNS if c in heads]
    lines = ["| metric | " + " | ".join(_NAMES[c] for c in cols) + " |", "|---|" + "---|" * len(cols)]
    lines.append("| offers | " + " | ".join(str(heads[c]["n"]["value"]) for c in cols) + " |")
    for key, name in keys:
        lines.append(f"| {name} | " + " | ".join(_cell(heads[c], key) for c in cols) + " |")
    return "\n".join(lines)


RELIABILITY_PNG = "reliability.png"
_RATE_NAMES = {
    "in_scope": "in scope",
    "function": "function production / maintenance",
    "level": "level cadre",
    "digital": "digital",
    "green": "green",
    "management": "management",
}


def _rates(manifest: dict, keys: list[str]) -> str:
    """The cross-validated error counts of some decisions, what corrected shares use (``skillmine.analysis.shares``)."""
    rates = manifest.get("error_rates") or {}
    if not any(k in rates for k in keys):
        return ""
    real = manifest["chosen"]["cv"]["pool"] == "real"
    out = [
        "## Error rates (cross-validated"
        + (", real offers)" if real else ", written offers: not used to correct shares)")
    ]
    if any(k != "family_confusion" for k in keys):
        out += [
            "| decision | TP | FP | FN | TN | true-positive rate | false-positive rate |",
            "|---|---|---|---|---|---|---|",
        ]
    for k in keys:
        c = rates.get(k) if k != "family_confusion" else None
        if c:
            tpr = c["tp"] / max(c["tp"] + c["fn"], 1)
            fpr = c["fp"] / max(c["fp"] + c["tn"], 1)
            out.append(f"| {_RATE_NAMES[k]} | {c['tp']} | {c['fp']} | {c['fn']} | {c['tn']} | {tpr:.3f} | {fpr:.3f} |")
    conf = rates.get("family_confusion") if "family_confusion" in keys else None
    if conf:
        fams = list(conf)
        out += [
            "",
            "Family confusion of in-scope offers (rows: the annotators' family; columns: the model's):",
            "",
            "| | " + " | ".join(fams) + " |",
            "|---|" + "---|" * len(fams),
        ]
        out += [f"| {g} | " + " | ".join(str(conf[g][p]) for p in fams) + " |" for g in fams]
    return (
        "\n".join(out) + "\n\n`skillmine.analysis` corrects its shares with these counts (`adjust=True`): "
        "see `skillmine.analysis.shares`.\n"
    )


def _reliability(manifest: dict, out_dir: Path) -> str:
    rows = manifest.get("reliability", [])
    if not rows:
        return ""
    out = [
        "## Reliability of `in_scope_score` (cross-validated, real offers)",
        "| score bin | offers | mean score | observed share in scope |",
        "|---|---|---|---|",
    ]
    for r in rows:
        pred, obs = ("—" if r[k] is None else f"{r[k]:.2f}" for k in ("predicted", "observed"))
        out.append(f"| {r['bin']} | {r['n']} | {pred} | {obs} |")
    figure = "\n![Reliability diagram](reliability.png)\n" if (out_dir / RELIABILITY_PNG).is_file() else ""
    return (
        "\n".join(out) + "\n\nA calibrated score sits on the diagonal: of the offers scored about 0.8, about 80 % "
        "are in scope. The figure draws this table and the family's (top probability against the share of right "
        "families, in-scope offers), with each bin's 95 % interval and its number of offers.\n" + figure
    )


def write_reliability_figure(out: Path, manifest: dict) -> Path | None:
    """``reliability.png`` beside the model cards (needs matplotlib, extra ``report``; ``None`` without it)."""
    try:
        import matplotlib

        matplotlib.use("Agg")
    except ImportError:
        return None
    import matplotlib.pyplot as plt

    from skillmine.analysis.plots import plot_reliability

    curves = {
        "in_scope_score": manifest.get("reliability", []),
        "famille (probabilité la plus haute)": manifest.get("reliability_family", []),
    }
    fig = plot_reliability({k: v for k, v in curves.items() if v})
    path = out / RELIABILITY_PNG
    fig.savefig(path, dpi=110, metadata={"Software": None})
    plt.close(fig)
    return path


def write_cards(out: Path, manifest: dict, metrics: dict) -> None:
    write_reliability_figure(out, manifest)
    td = manifest["training_data"]
    splits = ", ".join(f"{k} {v}" for k, v in td["offers"].items())
    real = (
        "; ".join(
            f"`{r['folder']}/`: {r['offers']} offers ({r['in_scope']} in scope), SHA-256 `{r['sha256'][:16]}`"
            for r in td.get("real", [])
        )
        or "none (`skillmine train` without `--real`)"
    )
    cv = manifest["chosen"]["cv"]
    cv_text = f"{cv['folds']}-fold grouped cross-validation over {cv['offers']} {cv['pool']} offers"
    realdev_n = metrics["realdev"]["n_offers"] if "realdev" in metrics else "not available when trained"
    data = _DATA.format(splits=splits, sha=td["sha256"][:16], real=real, cv=cv_text, realdev_n=realdev_n)
    chosen = manifest["chosen"]
    (out / "family.md").write_text(
        "# Model card — family (`family.skops`)\n\n"
        "Maps an offer to the nearest of the four Apec families of the production / maintenance function "
        "(direction industrielle, ingénierie production, maintenance industrielle, pilotage de production), with "
        "calibrated probabilities and the words that drove the decision (`OfferAnalysis.explain()`).\n\n"
        "## Model\nscikit-learn `Pipeline`: TF-IDF on the title (words 1-2 and characters 3-5), title cues and "
        "cues of level and sector over the whole offer (`skillmine.estimators.cues`), TF-IDF on the body without company and "
        "benefits blocks (words 1-2); then `LogisticRegression` (balanced classes) trained on production and "
        "maintenance offers; then a calibrator (multinomial logistic regression over the log-probabilities) fitted on "
        f"out-of-fold predictions on real offers. Chosen: `{chosen['offer_models']}`.\n\n"
        + data
        + "\n## Metrics (95 % bootstrap intervals)\n"
        + _table(
            manifest,
            [
                ("family_macro_f1", "macro-F1 (in-scope offers)"),
                ("family_ece", "calibration error (ECE) of the top probability"),
            ],
        )
        + "\n\n"
        + _rates(manifest, ["family_confusion"])
        + "\n"
        + _LIMITS,
        encoding="utf-8",
    )
    (out / "in_scope.md").write_text(
        "# Model card — function, level and in scope (`in_scope.skops`)\n\n"
        "Two decisions: `function` (production / maintenance or other) and `level` (cadre or not). An offer is in "
        "scope when both hold. One classifier over the four combinations gives `function_score`, `level_score` and "
        "`in_scope_score` as sums of one calibrated distribution.\n\n"
        "## Model\nA `LogisticRegression` (balanced classes) over the family model's features (the file holds the "
        "classifier and its calibrator: an offer's features are computed once for every decision), calibrated like "
        f"the family model. Decision: each probability >= {manifest['decision_threshold']} (the centre of the plateau "
        f"of out-of-fold in-scope F1). Chosen: `{chosen['offer_models']}`.\n\n"
        + data
        + "\n## Metrics (95 % bootstrap intervals)\n"
        + _table(
            manifest,
            [
                ("in_scope_f1", "in-scope F1"),
                ("in_scope_precision", "in-scope precision"),
                ("in_scope_recall", "in-scope recall"),
                ("in_scope_ece", "calibration error (ECE) of in_scope_score"),
            ],
        )
        + "\n\n"
        + _reliability(manifest, out)
        + "\n"
        + _rates(manifest, ["in_scope", "function", "level"])
        + "\n"
        + _LIMITS,
        encoding="utf-8",
    )
    keys = [(f"{c}_{w}", f"{c} {'F1' if w == 'f1' else 'precision'}") for c in CATEGORIES for w in ("f1", "precision")]
    (out / "skills.md").write_text(
        "# Model card — skills (`skills.skops`)\n\n"
        "Scores each sentence of an offer for the digital, green and management categories and adds the mentions that "
        'the lexicon missed (`source="model"`, `score` = its probability). Rule mentions carry as score the share of '
        "rule mentions of their category found in offers that ask for it (out of fold).\n\n"
        "## Model\nscikit-learn `Pipeline`: TF-IDF word 1-2-grams, one `LogisticRegression` per category "
        "(`MaskedOneVsRest`, balanced classes). Trained on the written offers' annotated sentences and on real offers' "
        "sentences: the annotators' quotes are positives, every sentence of an offer without the category a negative, "
        f"other sentences are left out of that category. Thresholds `{manifest['skill_thresholds']}` (above 1: the "
        "model adds nothing for that category): per category, the highest whose out-of-fold offer-level F1 is within "
        f"0.01 of the best. Rule precision: `{manifest['rule_precision']}`.\n\n"
        + data
        + "\n## Metrics (the offer asks for the category; 95 % bootstrap intervals)\n"
        + _table(manifest, keys + [("evidence_recall", "evidence recall (quotes overlapped by a mention)")])
        + "\n\n"
        + _rates(manifest, list(CATEGORIES))
        + "\n"
        + _LIMITS,
        encoding="utf-8",
    )
