"""Commands on offers one by one: ``classify`` files, ``analyze`` one text, ``train`` and ``evaluate`` models."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import List, Optional

import typer

from skillmine.cli.common import LexiconOpt, ModelDirOpt, OutFormat, Profile, ProfileOpt, app, fail, load_miner


@app.command()
def classify(
    inputs: List[Path] = typer.Argument(
        ..., help="Offer files (JSONL, JSON, CSV/TSV, Parquet, TXT, optionally .gz) or folders of them."
    ),
    out: Path = typer.Option(..., "--out", "-o", help="Output file: .csv, .jsonl or .parquet (one row per offer)."),
    mentions: Optional[Path] = typer.Option(
        None, "--mentions", "-m", help="Also write one row per skill mention to this file."
    ),
    profile: Profile = ProfileOpt,
    n_process: int = typer.Option(1, "--n-process", "-n", min=1, help="Worker processes (each loads the models once)."),
    batch_size: int = typer.Option(64, "--batch-size", min=1, help="Offers per batch."),
    resume: bool = typer.Option(
        False, "--resume", help="Skip offers whose id is already in OUT and append the others."
    ),
    text_field: Optional[str] = typer.Option(
        None, "--text-field", help="Field / column holding the offer text (default: found)."
    ),
    title_field: Optional[str] = typer.Option(None, "--title-field", help="Field / column holding the title."),
    id_field: Optional[str] = typer.Option(
        None, "--id-field", help="Field / column holding the id (default: found, else file:line)."
    ),
    out_format: Optional[OutFormat] = typer.Option(
        None, "--format", help="Output format (default: from OUT's suffix)."
    ),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar, no summary."),
    model_dir: Optional[Path] = ModelDirOpt,
    lexicon: Optional[List[Path]] = LexiconOpt,
) -> None:
    """Classify offer files: one output row per input offer, also for bad input (with a status and a message).

    Status is ok, empty, not_french, truncated or invalid. The exit code is non-zero only for unusable
    arguments, unreadable inputs or a failed write.
    """
    from skillmine.io.batch import classify_files
    from skillmine.io.fields import FieldMap
    from skillmine.io.formats import InputError
    from skillmine.io.readers import list_inputs

    try:
        list_inputs(inputs)
    except InputError as exc:
        fail(str(exc))
    miner = load_miner(profile, model_dir, lexicon)
    try:
        summary = classify_files(
            inputs,
            out,
            mentions=mentions,
            miner=miner,
            fields=FieldMap(text_field, title_field, id_field),
            fmt=out_format.value if out_format else None,
            resume=resume,
            batch_size=batch_size,
            n_process=n_process,
            progress=False if quiet else None,
        )
    except InputError as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"cannot write results: {exc}")
    if not quiet:
        typer.echo(f"{out}: {summary}", err=True)
    else:  # what was repaired or resumed is said even when quiet
        for note in summary.notes:
            typer.echo(note, err=True)


@app.command()
def analyze(
    text: str = typer.Argument(..., help="The offer text, or - to read it from standard input."),
    title: Optional[str] = typer.Option(
        None, "--title", "-t", help="The offer title (default: the first line when it reads as one)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the full analysis as JSON."),
    profile: Profile = ProfileOpt,
    model_dir: Optional[Path] = ModelDirOpt,
    lexicon: Optional[List[Path]] = LexiconOpt,
) -> None:
    """Read one offer and print, for a person: family with scores, scope, mentions by category with their level."""
    if text == "-":
        text = sys.stdin.read()
    miner = load_miner(profile, model_dir, lexicon)
    a = miner.analyze(text, title=title)
    if as_json:
        typer.echo(json.dumps(a.to_dict(), ensure_ascii=False, indent=2))
        return
    from skillmine.analysis.display import render_text

    typer.echo(render_text(a))


@app.command()
def train(
    corpus: Path = typer.Option(Path("corpora"), "--corpus", help="Folder with offers*.jsonl and splits.json."),
    out: Path = typer.Option(Path("models"), "--out", "-o", help="Folder to write the models, manifest and cards to."),
    seed: int = typer.Option(0, "--seed", help="Random seed (training is deterministic for a given seed)."),
    real: Optional[List[Path]] = typer.Option(
        None,
        "--real",
        help="Folder of labelled real offers (offers.jsonl + labels.jsonl) to train on; choices are made by cross-validation on them. Repeatable.",
    ),
    realdev: Optional[Path] = typer.Option(
        None,
        "--realdev",
        help="Folder of real labelled offers (offers.jsonl + labels.jsonl), scored once at the end; evaluation only.",
    ),
    limit: Optional[int] = typer.Option(
        None, "--limit", help="Use only the first N offers of each split and real folder (quick trials)."
    ),
    profile: Profile = ProfileOpt,
    oof: Optional[Path] = typer.Option(
        None,
        "--oof",
        help="Write the out-of-fold reading of every pool offer (result row beside its labels, JSONL) here: the errors to read.",
    ),
) -> None:
    """Train the offer and skill models from the written corpus plus labelled real offers (choices by
    cross-validation on the real offers; scored on the corpus's test split and, if given, on realdev)."""
    from skillmine.training.train import train as run

    try:
        run(
            corpus_dir=corpus,
            out_dir=out,
            seed=seed,
            real=list(real or []),
            realdev=realdev,
            limit=limit,
            profile=profile.value,
            oof_out=oof,
            log=lambda s: typer.echo(s, err=True),
        )
    except (FileNotFoundError, ValueError) as exc:
        fail(str(exc))


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
    from skillmine.training.corpus import read_corpus
    from skillmine.training.evaluate import evaluate as run
    from skillmine.training.evaluate import format_report

    try:
        offers = read_corpus(gold, labels=labels)
    except (OSError, ValueError) as exc:
        fail(str(exc))
    if not offers:
        fail(f"{gold}: no gold offer")
    miner = load_miner(profile, model_dir, lexicon)
    metrics, _ = run(miner, offers)
    typer.echo(format_report(metrics))
    if out is not None:
        out.write_text(json.dumps(metrics, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
