"""Local HTML pages for tests and demos: no network, shipped inside the package."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from openlam.exceptions import UserError


def fixture_page(name: str) -> Path:
    """Path of a fixture page, e.g. ``fixture_page("form")`` or ``fixture_page("form.html")``."""
    filename = name if name.endswith(".html") else f"{name}.html"
    path = Path(str(resources.files("openlam.testing").joinpath("pages", filename)))
    if not path.is_file():
        known = sorted(p.stem for p in path.parent.glob("*.html"))
        raise UserError(f"no fixture page {filename!r}; known pages: {', '.join(known)}")
    return path


def fixture_url(name: str) -> str:
    """The ``file://`` URL of a fixture page."""
    return fixture_page(name).as_uri()
