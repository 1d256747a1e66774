"""``python -m wirecoder``: the command line."""

from wirecoder.cli import main

main()
