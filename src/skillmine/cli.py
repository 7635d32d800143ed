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
    else:  # what was repaired or resumed is said even when quiet
        for note in summary.notes:
            typer.echo(note, err=True)


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
    function = "production / maintenance" if a.function == "production_maintenance" else "autre fonction"
    level = "cadre" if a.level == "cadre" else "non cadre"
    lines.append(f"  fonction : {function} ({a.function_score:.2f}) · niveau : {level} ({a.level_score:.2f})")
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
    real: Optional[List[Path]] = typer.Option(None, "--real", help="Folder of labelled real offers (offers.jsonl + labels.jsonl) to train on; choices are made by cross-validation on them. Repeatable."),
    realdev: Optional[Path] = typer.Option(None, "--realdev", help="Folder of real labelled offers (offers.jsonl + labels.jsonl), scored once at the end; evaluation only."),
    limit: Optional[int] = typer.Option(None, "--limit", help="Use only the first N offers of each split and real folder (quick trials)."),
    profile: Profile = ProfileOpt,
    oof: Optional[Path] = typer.Option(None, "--oof", help="Write the out-of-fold reading of every pool offer (result row beside its labels, JSONL) here: the errors to read."),
) -> None:
    """Train the offer and skill models from the written corpus plus labelled real offers (choices by
    cross-validation on the real offers; scored on the corpus's test split and, if given, on realdev)."""
    from .train import train as run

    try:
        run(corpus_dir=corpus, out_dir=out, seed=seed, real=list(real or []), realdev=realdev, limit=limit,
            profile=profile.value, oof_out=oof, log=lambda s: typer.echo(s, err=True))
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

def _read_table(path: Path):
    """A results / mentions table written by ``classify`` (CSV, JSONL or Parquet)."""
    import pandas as pd

    suffix = "".join(path.suffixes[-2:]).lower().replace(".gz", "") or path.suffix.lower()
    if suffix.endswith(".parquet"):
        return pd.read_parquet(path)
    if suffix.endswith((".jsonl", ".ndjson")):
        return pd.read_json(path, lines=True, dtype=False)
    return pd.read_csv(path, dtype={"id": str, "offer_id": str}, keep_default_na=False, na_values=[""])


def _is_results(path: Path) -> bool:
    if not path.is_file() or path.suffix.lower() not in (".csv", ".jsonl", ".parquet"):
        return False
    try:
        import pandas as pd

        if path.suffix.lower() == ".parquet":
            import pyarrow.parquet as pq

            cols = pq.read_schema(path).names
        elif path.suffix.lower() == ".jsonl":
            with open(path, encoding="utf-8") as fh:
                cols = list(json.loads(fh.readline() or "{}"))
        else:
            cols = list(pd.read_csv(path, nrows=0).columns)
    except Exception:  # not a table: treat it as offers
        return False
    return {"family", "in_scope", "has_digital"} <= set(cols)


def _offer_texts(inputs: List[Path], fields) -> "object":
    import pandas as pd

    from .io import iter_records, list_inputs

    files, _ = list_inputs(inputs)
    rows = [{"id": r["id"], "text": r.get("text") if isinstance(r.get("text"), str) else ""} for r in iter_records(files, fields)]
    return pd.DataFrame(rows, columns=["id", "text"])


@app.command()
def report(
    inputs: List[Path] = typer.Argument(..., help="Offer files or folders (classified on the way), or one results file written by `classify`."),
    out: Path = typer.Option(Path("report.html"), "--out", "-o", help="The HTML page to write."),
    mentions: Optional[Path] = typer.Option(None, "--mentions", "-m", help="With a results file: its mentions file (adds the required / nice-to-have figure)."),
    dedup: bool = typer.Option(False, "--dedup", help="Count each cluster of reposts once (needs offer files, not a results file)."),
    title: str = typer.Option("Compétences demandées aux cadres de l'industrie", "--title", help="Title of the page."),
    profile: Profile = ProfileOpt,
    n_process: int = typer.Option(1, "--n-process", "-n", min=1, help="Worker processes."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
    model_dir: Optional[Path] = ModelDirOpt,
    lexicon: Optional[List[Path]] = LexiconOpt,
    adjust: bool = typer.Option(True, "--adjust/--raw", help="Shares corrected for the models' error rates measured on real offers (default), or raw counts."),
) -> None:
    """Write one self-contained HTML page: offers per family, skills asked per family, top skills, figures.

    Shares are corrected for the error rates of the models (those of --model-dir, else the bundled ones), with 95 %
    intervals; --raw counts the decisions as they are."""
    import tempfile

    from .io import FieldMap, InputError, list_inputs

    try:
        from .report import build_report
    except ImportError as exc:  # matplotlib missing
        _fail(f"the report needs the 'report' extra (pip install 'skillmine[report]'): {exc}")
    duplicates = 0
    if len(inputs) == 1 and _is_results(inputs[0]):
        if dedup:
            _fail("--dedup needs the offer files (a results file holds no text)")
        results = _read_table(inputs[0])
        mtable = _read_table(mentions) if mentions else None
    else:
        try:
            list_inputs(inputs)
        except InputError as exc:
            _fail(str(exc))
        from .batch import classify_files

        miner = _load(profile, model_dir, lexicon)
        with tempfile.TemporaryDirectory() as tmp:
            res, men = Path(tmp) / "results.parquet", Path(tmp) / "mentions.parquet"
            summary = classify_files(inputs, res, mentions=men, miner=miner, n_process=n_process,
                                     progress=False if quiet else None)
            results, mtable = _read_table(res), _read_table(men)
        if not quiet:
            typer.echo(str(summary), err=True)
        if dedup:
            from .analysis import duplicate_clusters, near_duplicates

            texts = _offer_texts(inputs, FieldMap())
            clusters = duplicate_clusters(texts["id"], near_duplicates(texts))
            keep = set(clusters[~clusters.duplicated()].index)
            duplicates = int(len(results) - results["id"].astype(str).isin(keep).sum())
            results = results[results["id"].astype(str).isin(keep)]
    page = build_report(results, mtable, title=title, sources=[str(p) for p in inputs], duplicates=duplicates,
                        adjust=adjust, rates=model_dir)
    try:
        out.write_text(page, encoding="utf-8")
    except OSError as exc:
        _fail(f"cannot write {out}: {exc}")
    if not quiet:
        typer.echo(f"{out}: report on {len(results)} offers", err=True)


@app.command("dedup")
def dedup_cmd(
    inputs: List[Path] = typer.Argument(..., help="Offer files or folders."),
    out: Path = typer.Option(..., "--out", "-o", help="CSV of near-duplicate pairs: id_a, id_b, similarity."),
    threshold: float = typer.Option(0.7, "--threshold", min=0.0, max=1.0, help="Cosine similarity of word 2-shingles above which two offers are one job (see skillmine.analysis.DUPLICATE_THRESHOLD)."),
    clusters: Optional[Path] = typer.Option(None, "--clusters", help="Also write a CSV with a cluster id per offer."),
    text_field: Optional[str] = typer.Option(None, "--text-field", help="Field / column holding the offer text."),
    id_field: Optional[str] = typer.Option(None, "--id-field", help="Field / column holding the id."),
) -> None:
    """Find reposts of one offer (several agencies, small edits): pairs above the threshold, and clusters."""
    from .analysis import duplicate_clusters, near_duplicates
    from .io import FieldMap, InputError

    try:
        texts = _offer_texts(inputs, FieldMap(text_field, None, id_field))
    except InputError as exc:
        _fail(str(exc))
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
    min_score: float = typer.Option(0.5, "--min-score", min=0.0, max=1.0, help="Keep phrases the skill model scores at least this high."),
    top: int = typer.Option(200, "--top", min=1, help="At most this many rows."),
    model_dir: Optional[Path] = ModelDirOpt,
    lexicon: Optional[List[Path]] = LexiconOpt,
) -> None:
    """Propose phrases that look like skills and that the lexicon misses (frequency, category, score, contexts)."""
    from .discover import discover
    from .io import FieldMap, InputError

    try:
        texts = _offer_texts(inputs, FieldMap())
    except InputError as exc:
        _fail(str(exc))
    miner = _load(Profile.default, model_dir, lexicon)
    table = discover(texts["text"], miner=miner, min_count=min_count, min_score=min_score, top=top)
    table.to_csv(out, index=False)
    typer.echo(f"{out}: {len(table)} candidates from {len(texts)} offers", err=True)


class Category(str, Enum):
    digital = "digital"
    green = "green"
    management = "management"


@lexicon_app.command("validate")
def lexicon_validate(path: Path = typer.Argument(..., help="Lexicon file (JSONL, JSON, CSV or YAML).")) -> None:
    """Check a user lexicon: fields, categories, duplicate ids, patterns; and its clashes with the bundled one."""
    from .lexicon import Lexicon, LexiconError, read_lexicon

    try:
        entries = read_lexicon(path)
    except LexiconError as exc:
        _fail(str(exc))
    bundled = Lexicon.bundled()
    clash = [e.id for e in entries if e.id in bundled]
    counts = {c: sum(e.category == c for e in entries) for c in CATEGORIES}
    typer.echo(f"{path}: {len(entries)} valid entries (" + ", ".join(f"{c} {n}" for c, n in counts.items()) + ")")
    if clash:
        _fail(f"{len(clash)} id(s) already in the bundled lexicon: {', '.join(clash[:10])}")


@lexicon_app.command("show")
def lexicon_show(
    category: Optional[Category] = typer.Option(None, "--category", "-c", help="Only this category."),
    lexicon: Optional[List[Path]] = LexiconOpt,
    as_json: bool = typer.Option(False, "--json", help="One JSON entry a line."),
) -> None:
    """List the lexicon (bundled plus user files): id, category, label, links."""
    from .lexicon import Lexicon, LexiconError

    try:
        lex = Lexicon.load(lexicon or None)
    except LexiconError as exc:
        _fail(str(exc))
    for e in lex:
        if category is not None and e.category != category.value:
            continue
        if as_json:
            typer.echo(json.dumps(e.to_dict(), ensure_ascii=False))
        else:
            link = e.esco_uri or (f"ROME {e.rome_ogr}" if e.rome_ogr else "")
            typer.echo(f"{e.id:<34} {e.category:<10} {e.label}  {link}")
    if not as_json:
        typer.echo(", ".join(f"{c}: {n}" for c, n in lex.counts().items()), err=True)


@lexicon_app.command("import-esco")
def lexicon_import_esco(
    files: List[Path] = typer.Argument(..., help="ESCO French collection CSV files (digitalSkillsCollection_fr.csv, greenSkillsCollection_fr.csv, transversalSkillsCollection_fr.csv)."),
    out: Path = typer.Option(..., "--out", "-o", help="Lexicon JSONL to write (use it with --lexicon / extra_lexicon)."),
) -> None:
    """Turn ESCO collections into lexicon entries (verb phrases become the noun and conjugated forms offers use)."""
    from .taxonomy import import_esco

    missing = [str(f) for f in files if not f.is_file()]
    if missing:
        _fail(f"no such file: {', '.join(missing)}")
    _import(import_esco, files, out)


@lexicon_app.command("import-rome")
def lexicon_import_rome(
    folder: Path = typer.Argument(..., help="Folder with the ROME 4.0 CSV files (unix_referentiel_competence_v460_utf8.csv, unix_referentiel_savoir_v460_utf8.csv)."),
    out: Path = typer.Option(..., "--out", "-o", help="Lexicon JSONL to write."),
) -> None:
    """Turn ROME 4.0 skills and knowledge flagged digital (transition_num) or green (transition_eco), and management ones, into lexicon entries."""
    from .taxonomy import import_rome

    _import(import_rome, folder, out)


def _import(importer, source, out: Path) -> None:
    """Run a taxonomy importer, write its entries as a lexicon, and print what it kept and skipped."""
    from .lexicon import LexiconError
    from .taxonomy import write_lexicon

    try:
        entries, rep = importer(source)
    except LexiconError as exc:
        _fail(str(exc))
    write_lexicon(entries, out)
    typer.echo(f"{out}: {rep}")


def main() -> None:  # pragma: no cover - console script
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
