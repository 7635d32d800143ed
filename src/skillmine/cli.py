"""The ``skillmine`` command line (Typer). Every command calls the library; none re-implements it."""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer

from .constants import CATEGORIES, CATEGORY_LABELS, FAMILY_LABELS

app = typer.Typer(
    name="skillmine",
    help="Read French industrial job offers: digital, green and management skills, family and scope.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
lexicon_app = typer.Typer(help="Inspect, validate and import skill lexicons.", no_args_is_help=True)
app.add_typer(lexicon_app, name="lexicon")


class Profile(str, Enum):
    default = "default"
    fast = "fast"


class OutFormat(str, Enum):
    csv = "csv"
    jsonl = "jsonl"
    parquet = "parquet"


def _fail(message: str, code: int = 1) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def _load(profile: Profile, model_dir: Optional[Path], lexicon: Optional[List[Path]]):
    from .artifacts import ModelError
    from .lexicon import LexiconError
    from .miner import load

    try:
        return load(profile=profile.value, model_dir=model_dir, extra_lexicon=lexicon or None)
    except (ModelError, LexiconError) as exc:
        _fail(str(exc))


ProfileOpt = typer.Option(Profile.default, "--profile", "-p", help="default: lemmatizer helps the rules; fast: no statistical spaCy component, several times faster.")
ModelDirOpt = typer.Option(None, "--model-dir", help="Folder made by `skillmine train` (default: the bundled models).")
LexiconOpt = typer.Option(None, "--lexicon", "-l", help="User lexicon file (JSONL, CSV, YAML) merged with the bundled one; repeatable.")


@app.command()
def classify(
    inputs: List[Path] = typer.Argument(..., help="Offer files (JSONL, JSON, CSV/TSV, Parquet, TXT, optionally .gz) or folders of them."),
    out: Path = typer.Option(..., "--out", "-o", help="Output file: .csv, .jsonl or .parquet (one row per offer)."),
    mentions: Optional[Path] = typer.Option(None, "--mentions", "-m", help="Also write one row per skill mention to this file."),
    profile: Profile = ProfileOpt,
    n_process: int = typer.Option(1, "--n-process", "-n", min=1, help="Worker processes (each loads the models once)."),
    batch_size: int = typer.Option(64, "--batch-size", min=1, help="Offers per batch."),
    resume: bool = typer.Option(False, "--resume", help="Skip offers whose id is already in OUT and append the others."),
    text_field: Optional[str] = typer.Option(None, "--text-field", help="Field / column holding the offer text (default: found)."),
    title_field: Optional[str] = typer.Option(None, "--title-field", help="Field / column holding the title."),
    id_field: Optional[str] = typer.Option(None, "--id-field", help="Field / column holding the id (default: found, else file:line)."),
    out_format: Optional[OutFormat] = typer.Option(None, "--format", help="Output format (default: from OUT's suffix)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar, no summary."),
    model_dir: Optional[Path] = ModelDirOpt,
    lexicon: Optional[List[Path]] = LexiconOpt,
) -> None:
    """Classify offer files: one output row per input offer, also for bad input (with a status and a message).

    Status is ok, empty, not_french, truncated or invalid. The exit code is non-zero only for unusable
    arguments, unreadable inputs or a failed write.
    """
    from .batch import classify_files
    from .io import FieldMap, InputError, list_inputs

    try:
        list_inputs(inputs)
    except InputError as exc:
        _fail(str(exc))
    miner = _load(profile, model_dir, lexicon)
    try:
        summary = classify_files(
            inputs, out, mentions=mentions, miner=miner, fields=FieldMap(text_field, title_field, id_field),
            fmt=out_format.value if out_format else None, resume=resume, batch_size=batch_size,
            n_process=n_process, progress=False if quiet else None,
        )
    except InputError as exc:
        _fail(str(exc))
    except OSError as exc:
        _fail(f"cannot write results: {exc}")
    if not quiet:
        typer.echo(f"{out}: {summary}", err=True)


@app.command()
def analyze(
    text: str = typer.Argument(..., help="The offer text, or - to read it from standard input."),
    title: Optional[str] = typer.Option(None, "--title", "-t", help="The offer title (default: the first line when it reads as one)."),
    as_json: bool = typer.Option(False, "--json", help="Print the full analysis as JSON."),
    profile: Profile = ProfileOpt,
    model_dir: Optional[Path] = ModelDirOpt,
    lexicon: Optional[List[Path]] = LexiconOpt,
) -> None:
    """Read one offer and print, for a person: family with scores, scope, mentions by category with their level."""
    if text == "-":
        text = sys.stdin.read()
    miner = _load(profile, model_dir, lexicon)
    a = miner.analyze(text, title=title)
    if as_json:
        typer.echo(json.dumps(a.to_dict(), ensure_ascii=False, indent=2))
        return
    typer.echo(render_text(a))


def render_text(a) -> str:
    """A reading of one analysis for a person."""
    lines = []
    if a.status != "ok":
        lines.append(f"status: {a.status} — {a.error}")
    scope = "in scope" if a.in_scope else "out of scope"
    lines.append(f"Famille : {FAMILY_LABELS[a.family]}  ({scope}, score {a.in_scope_score:.2f})")
    for fam, p in sorted(a.family_scores.items(), key=lambda x: -x[1]):
        lines.append(f"  {FAMILY_LABELS[fam]:<28} {p:5.2f}  {'█' * round(p * 20)}")
    if a.family_evidence:
        lines.append("  indices : " + ", ".join(w for w, _ in a.explain(6)))
    for cat in CATEGORIES:
        ms = [m for m in a.skills if m.category == cat]
        lines.append("")
        lines.append(f"{CATEGORY_LABELS[cat]} ({len([m for m in ms if m.level != 'company'])} demandées)")
        if not ms:
            lines.append("  —")
        for m in ms:
            src = "règle" if m.source == "rule" else f"modèle {m.score:.2f}"
            lines.append(f"  [{m.level:<12}] {m.text!r} -> {m.label}  ({src}, {m.section})")
    return "\n".join(lines)


@app.command()
def train(
    corpus: Path = typer.Option(Path("corpora"), "--corpus", help="Folder with offers*.jsonl and splits.json."),
    out: Path = typer.Option(Path("models"), "--out", "-o", help="Folder to write the models, manifest and cards to."),
    seed: int = typer.Option(0, "--seed", help="Random seed (training is deterministic for a given seed)."),
    realdev: Optional[Path] = typer.Option(None, "--realdev", help="Folder of real labelled offers (offers.jsonl + labels.jsonl), scored once at the end; evaluation only."),
    limit: Optional[int] = typer.Option(None, "--limit", help="Use only the first N offers of each split (quick trials)."),
) -> None:
    """Train the family, in-scope and skill models from the annotated corpus (choices made on dev, scored on test)."""
    from .train import train as run

    try:
        run(corpus_dir=corpus, out_dir=out, seed=seed, realdev=realdev, limit=limit, log=lambda s: typer.echo(s, err=True))
    except (FileNotFoundError, ValueError) as exc:
        _fail(str(exc))


@app.command()
def evaluate(
    gold: Path = typer.Argument(..., help="Gold offers in the corpus format (JSONL)."),
    labels: Optional[Path] = typer.Option(None, "--labels", help="Labels in the realdev shape, joined to GOLD by id."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Write the metrics as JSON here."),
    profile: Profile = ProfileOpt,
    model_dir: Optional[Path] = ModelDirOpt,
    lexicon: Optional[List[Path]] = LexiconOpt,
) -> None:
    """Score the models on gold offers: per-category P/R/F1 (offer and span level), family, in scope."""
    from .corpus import read_corpus
    from .evaluate import evaluate as run, format_report

    try:
        offers = read_corpus(gold, labels=labels)
    except (OSError, ValueError) as exc:
        _fail(str(exc))
    if not offers:
        _fail(f"{gold}: no gold offer")
    miner = _load(profile, model_dir, lexicon)
    metrics, _ = run(miner, offers)
    typer.echo(format_report(metrics))
    if out is not None:
        out.write_text(json.dumps(metrics, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def main() -> None:  # pragma: no cover - console script
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
