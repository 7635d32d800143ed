"""The ``skillmine`` command line: ``app`` (Typer) and ``main``, the console script."""

from skillmine.cli.app import app, main

__all__ = ["app", "main"]
