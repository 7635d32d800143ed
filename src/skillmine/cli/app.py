"""The ``skillmine`` command line (Typer). Each command parses its arguments and calls the library; none
re-implements it. ``skillmine lexicon ...`` lives in :mod:`skillmine.cli.lexicon`."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import List, Optional

import typer

from skillmine.cli.common import LexiconOpt, ModelDirOpt, OutFormat, Profile, ProfileOpt, fail, load_miner
from skillmine.cli.lexicon import lexicon_app

app = typer.Typer(
    name="skillmine",
    help="Read French industrial job offers: digital, green and management skills, family and scope.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(lexicon_app, name="lexicon")


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
    from skillmine.io.fields import FieldMap, InputError
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


@app.command()
def report(
    inputs: List[Path] = typer.Argument(
        ..., help="Offer files or folders (classified on the way), or one results file written by `classify`."
    ),
    out: Path = typer.Option(Path("report.html"), "--out", "-o", help="The HTML page to write."),
    mentions: Optional[Path] = typer.Option(
        None,
        "--mentions",
        "-m",
        help="With a results file: its mentions file (adds the required / nice-to-have figure).",
    ),
    dedup: bool = typer.Option(
        False, "--dedup", help="Count each cluster of reposts once (needs offer files, not a results file)."
    ),
    title: str = typer.Option("Compétences demandées aux cadres de l'industrie", "--title", help="Title of the page."),
    profile: Profile = ProfileOpt,
    n_process: int = typer.Option(1, "--n-process", "-n", min=1, help="Worker processes."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
    model_dir: Optional[Path] = ModelDirOpt,
    lexicon: Optional[List[Path]] = LexiconOpt,
    adjust: bool = typer.Option(
        True,
        "--adjust/--raw",
        help="Shares corrected for the models' error rates measured on real offers (default), or raw counts.",
    ),
) -> None:
    """Write one self-contained HTML page: offers per family, skills asked per family, top skills, figures.

    Shares are corrected for the error rates of the models (those of --model-dir, else the bundled ones), with 95 %
    intervals; --raw counts the decisions as they are."""
    from skillmine.analysis.dedup import one_per_cluster
    from skillmine.io.batch import classify_frames
    from skillmine.io.fields import FieldMap
    from skillmine.io.formats import InputError
    from skillmine.io.readers import list_inputs
    from skillmine.io.tables import is_results_table, offer_texts, read_table

    try:
        from skillmine.analysis.report import build_report
    except ImportError as exc:  # matplotlib missing
        fail(f"the report needs the 'report' extra (pip install 'skillmine[report]'): {exc}")
    duplicates = 0
    if len(inputs) == 1 and is_results_table(inputs[0]):
        if dedup:
            fail("--dedup needs the offer files (a results file holds no text)")
        results = read_table(inputs[0])
        mtable = read_table(mentions) if mentions else None
    else:
        try:
            list_inputs(inputs)
        except InputError as exc:
            fail(str(exc))
        miner = load_miner(profile, model_dir, lexicon)
        results, mtable, summary = classify_frames(
            inputs, miner=miner, n_process=n_process, progress=False if quiet else None
        )
        if not quiet:
            typer.echo(str(summary), err=True)
        if dedup:
            results, duplicates = one_per_cluster(results, offer_texts(inputs, FieldMap()))
    page = build_report(
        results,
        mtable,
        title=title,
        sources=[str(p) for p in inputs],
        duplicates=duplicates,
        adjust=adjust,
        rates=model_dir,
    )
    try:
        out.write_text(page, encoding="utf-8")
    except OSError as exc:
        fail(f"cannot write {out}: {exc}")
    if not quiet:
        typer.echo(f"{out}: report on {len(results)} offers", err=True)


@app.command("dedup")
def dedup_cmd(
    inputs: List[Path] = typer.Argument(..., help="Offer files or folders."),
    out: Path = typer.Option(..., "--out", "-o", help="CSV of near-duplicate pairs: id_a, id_b, similarity."),
    threshold: float = typer.Option(
        0.7,
        "--threshold",
        min=0.0,
        max=1.0,
        help="Cosine similarity of word 2-shingles above which two offers are one job (see skillmine.analysis.dedup.DUPLICATE_THRESHOLD).",
    ),
    clusters: Optional[Path] = typer.Option(None, "--clusters", help="Also write a CSV with a cluster id per offer."),
    text_field: Optional[str] = typer.Option(None, "--text-field", help="Field / column holding the offer text."),
    id_field: Optional[str] = typer.Option(None, "--id-field", help="Field / column holding the id."),
) -> None:
    """Find reposts of one offer (several agencies, small edits): pairs above the threshold, and clusters."""
    from skillmine.analysis.dedup import duplicate_clusters, near_duplicates
    from skillmine.io.fields import FieldMap, InputError
    from skillmine.io.tables import offer_texts

    try:
        texts = offer_texts(inputs, FieldMap(text_field, None, id_field))
    except InputError as exc:
        fail(str(exc))
    pairs = near_duplicates(texts, threshold=threshold)
    pairs.to_csv(out, index=False)
    msg = f"{out}: {len(pairs)} pairs among {len(texts)} offers"
    if clusters is not None:
        c = duplicate_clusters(texts["id"], pairs)
        c.rename_axis("id").reset_index().to_csv(clusters, index=False)
        msg += f"; {c.nunique()} distinct offers"
    typer.echo(msg, err=True)


@app.command("discover")
def discover_cmd(
    inputs: List[Path] = typer.Argument(..., help="Offer files or folders."),
    out: Path = typer.Option(Path("candidates.csv"), "--out", "-o", help="CSV of candidate skills."),
    min_count: int = typer.Option(2, "--min-count", min=1, help="Keep phrases seen at least this often."),
    min_score: float = typer.Option(
        0.5, "--min-score", min=0.0, max=1.0, help="Keep phrases the skill model scores at least this high."
    ),
    top: int = typer.Option(200, "--top", min=1, help="At most this many rows."),
    model_dir: Optional[Path] = ModelDirOpt,
    lexicon: Optional[List[Path]] = LexiconOpt,
) -> None:
    """Propose phrases that look like skills and that the lexicon misses (frequency, category, score, contexts)."""
    from skillmine.analysis.discover import discover
    from skillmine.io.fields import FieldMap, InputError
    from skillmine.io.tables import offer_texts

    try:
        texts = offer_texts(inputs, FieldMap())
    except InputError as exc:
        fail(str(exc))
    miner = load_miner(Profile.default, model_dir, lexicon)
    table = discover(texts["text"], miner=miner, min_count=min_count, min_score=min_score, top=top)
    table.to_csv(out, index=False)
    typer.echo(f"{out}: {len(table)} candidates from {len(texts)} offers", err=True)


def main() -> None:  # pragma: no cover - console script
    app()
