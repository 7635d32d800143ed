"""``python -m skillmine.cli``."""

from skillmine.cli import main

main()
