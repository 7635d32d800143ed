"""``python -m skillmine.cli``."""

from skillmine.cli.app import main

main()
