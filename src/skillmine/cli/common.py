"""What the commands share: the Typer ``app`` they register on, the profile and format choices, the model and lexicon
options, failing with a message."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer

app = typer.Typer(
    name="skillmine",
    help="Read French industrial job offers: digital, green and management skills, family and scope.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class Profile(str, Enum):
    default = "default"
    fast = "fast"


class OutFormat(str, Enum):
    csv = "csv"
    jsonl = "jsonl"
    parquet = "parquet"


def fail(message: str, code: int = 1) -> None:
    """Print ``error: message`` on standard error and exit with ``code``."""
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def load_miner(profile: Profile, model_dir: Optional[Path], lexicon: Optional[List[Path]]):
    """:func:`skillmine.load`, with a bad model folder or lexicon said in one line."""
    from skillmine.estimators.artifacts import ModelError
    from skillmine.lexicon.schema import LexiconError
    from skillmine.miner import load

    try:
        return load(profile=profile.value, model_dir=model_dir, extra_lexicon=lexicon or None)
    except (ModelError, LexiconError) as exc:
        fail(str(exc))


ProfileOpt = typer.Option(
    Profile.default,
    "--profile",
    "-p",
    help="default: lemmatizer helps the rules; fast: no statistical spaCy component, several times faster.",
)
ModelDirOpt = typer.Option(None, "--model-dir", help="Folder made by `skillmine train` (default: the bundled models).")
LexiconOpt = typer.Option(
    None, "--lexicon", "-l", help="User lexicon file (JSONL, CSV, YAML) merged with the bundled one; repeatable."
)
