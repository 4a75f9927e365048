"""Test doubles and fixture pages — used by tests, never by runtime code."""

from openlam.testing._pages import fixture_page, fixture_url
from openlam.testing._scripted import PagesEnvironment, ScriptedModel, default_page
from openlam.testing._suite import FlakySuite

__all__ = [
    "FlakySuite",
    "PagesEnvironment",
    "ScriptedModel",
    "default_page",
    "fixture_page",
    "fixture_url",
]
