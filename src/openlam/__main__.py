"""``python -m openlam`` runs the command line."""

from openlam.cli import main

main()
