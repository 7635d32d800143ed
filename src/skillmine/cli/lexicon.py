"""``skillmine lexicon ...``: validate, show and import skill lexicons (ESCO, ROME)."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer

from skillmine.cli.common import LexiconOpt, fail
from skillmine.constants import CATEGORIES

lexicon_app = typer.Typer(help="Inspect, validate and import skill lexicons.", no_args_is_help=True)


class Category(str, Enum):
    digital = "digital"
    green = "green"
    management = "management"


@lexicon_app.command("validate")
def lexicon_validate(path: Path = typer.Argument(..., help="Lexicon file (JSONL, JSON, CSV or YAML).")) -> None:
    """Check a user lexicon: fields, categories, duplicate ids, patterns; and its clashes with the bundled one."""
    from skillmine.lexicon.schema import LexiconError
    from skillmine.lexicon.store import Lexicon, read_lexicon

    try:
        entries = read_lexicon(path)
    except LexiconError as exc:
        fail(str(exc))
    bundled = Lexicon.bundled()
    clash = [e.id for e in entries if e.id in bundled]
    counts = {c: sum(e.category == c for e in entries) for c in CATEGORIES}
    typer.echo(f"{path}: {len(entries)} valid entries (" + ", ".join(f"{c} {n}" for c, n in counts.items()) + ")")
    if clash:
        fail(f"{len(clash)} id(s) already in the bundled lexicon: {', '.join(clash[:10])}")


@lexicon_app.command("show")
def lexicon_show(
    category: Optional[Category] = typer.Option(None, "--category", "-c", help="Only this category."),
    lexicon: Optional[List[Path]] = LexiconOpt,
    as_json: bool = typer.Option(False, "--json", help="One JSON entry a line."),
) -> None:
    """List the lexicon (bundled plus user files): id, category, label, links."""
    from skillmine.lexicon.schema import LexiconError
    from skillmine.lexicon.store import Lexicon

    try:
        lex = Lexicon.load(lexicon or None)
    except LexiconError as exc:
        fail(str(exc))
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
    files: List[Path] = typer.Argument(
        ...,
        help="ESCO French collection CSV files (digitalSkillsCollection_fr.csv, greenSkillsCollection_fr.csv, transversalSkillsCollection_fr.csv).",
    ),
    out: Path = typer.Option(
        ..., "--out", "-o", help="Lexicon JSONL to write (use it with --lexicon / extra_lexicon)."
    ),
) -> None:
    """Turn ESCO collections into lexicon entries (verb phrases become the noun and conjugated forms offers use)."""
    from skillmine.lexicon.taxonomy import import_esco

    missing = [str(f) for f in files if not f.is_file()]
    if missing:
        fail(f"no such file: {', '.join(missing)}")
    import_entries(import_esco, files, out)


@lexicon_app.command("import-rome")
def lexicon_import_rome(
    folder: Path = typer.Argument(
        ...,
        help="Folder with the ROME 4.0 CSV files (unix_referentiel_competence_v460_utf8.csv, unix_referentiel_savoir_v460_utf8.csv).",
    ),
    out: Path = typer.Option(..., "--out", "-o", help="Lexicon JSONL to write."),
) -> None:
    """Turn ROME 4.0 skills and knowledge flagged digital (transition_num) or green (transition_eco), and management ones, into lexicon entries."""
    from skillmine.lexicon.taxonomy import import_rome

    import_entries(import_rome, folder, out)


def import_entries(importer, source, out: Path) -> None:
    """Run a taxonomy importer, write its entries as a lexicon, and print what it kept and skipped."""
    from skillmine.lexicon.schema import LexiconError
    from skillmine.lexicon.taxonomy import write_lexicon

    try:
        entries, rep = importer(source)
    except LexiconError as exc:
        fail(str(exc))
    write_lexicon(entries, out)
    typer.echo(f"{out}: {rep}")
