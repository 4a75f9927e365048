"""The ``openlam`` command line (``openlam run / runs / show / setup``)."""

from openlam.cli._app import app


def main() -> None:
    """Entry point of the ``openlam`` script."""
    app()


__all__ = ["app", "main"]
