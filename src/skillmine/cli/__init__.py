"""The ``skillmine`` command line (Typer). Each command parses its arguments and calls the library; none
re-implements it: ``offers`` (classify, analyze, train, evaluate), ``sets`` (report, dedup, discover), ``lexicon``
(``skillmine lexicon ...``); ``common`` holds the app and the shared options."""

from skillmine.cli import offers, sets  # noqa: F401  (their commands register on the app)
from skillmine.cli.common import app
from skillmine.cli.lexicon import lexicon_app

app.add_typer(lexicon_app, name="lexicon")


def main() -> None:  # pragma: no cover - console script
    app()


__all__ = ["app", "main"]
