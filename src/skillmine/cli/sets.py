"""Commands on a set of offers: the HTML ``report``, near-duplicates (``dedup``), skills the lexicon misses
(``discover``)."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from skillmine.cli.common import LexiconOpt, ModelDirOpt, Profile, ProfileOpt, app, fail, load_miner


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
    from skillmine.analysis.duplicates import one_per_cluster
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
        try:
            mtable = read_table(mentions) if mentions else None
        except (InputError, OSError) as exc:
            fail(f"--mentions: {exc}")
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
        help="Cosine similarity of word 2-shingles above which two offers are one job (see skillmine.analysis.duplicates.DUPLICATE_THRESHOLD).",
    ),
    clusters: Optional[Path] = typer.Option(None, "--clusters", help="Also write a CSV with a cluster id per offer."),
    text_field: Optional[str] = typer.Option(None, "--text-field", help="Field / column holding the offer text."),
    id_field: Optional[str] = typer.Option(None, "--id-field", help="Field / column holding the id."),
) -> None:
    """Find reposts of one offer (several agencies, small edits): pairs above the threshold, and clusters."""
    from skillmine.analysis.duplicates import duplicate_clusters, near_duplicates
    from skillmine.io.fields import FieldMap
    from skillmine.io.formats import InputError
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
    from skillmine.io.fields import FieldMap
    from skillmine.io.formats import InputError
    from skillmine.io.tables import offer_texts

    try:
        texts = offer_texts(inputs, FieldMap())
    except InputError as exc:
        fail(str(exc))
    miner = load_miner(Profile.default, model_dir, lexicon)
    table = discover(texts["text"], miner=miner, min_count=min_count, min_score=min_score, top=top)
    table.to_csv(out, index=False)
    typer.echo(f"{out}: {len(table)} candidates from {len(texts)} offers", err=True)
