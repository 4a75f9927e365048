"""Every function family, and which domains overlap (so no query is refused wrongly)."""

from __future__ import annotations

from openlam.learning._synth.dates_text import DATE_FAMILIES, TEXT_FAMILIES
from openlam.learning._synth.errands import CALENDAR_FAMILIES, MESSAGE_FAMILIES, SHOP_FAMILIES
from openlam.learning._synth.finance_science import FINANCE_FAMILIES, SCIENCE_FAMILIES
from openlam.learning._synth.home_media import FUN_FAMILIES, HOME_FAMILIES, LANGUAGE_FAMILIES
from openlam.learning._synth.shapes_stats import GEOMETRY_FAMILIES, STATISTICS_FAMILIES
from openlam.learning._synth.spec import Family
from openlam.learning._synth.travel_food import FOOD_FAMILIES, TRAVEL_FAMILIES
from openlam.learning._synth.units_math import MATH_FAMILIES, UNIT_FAMILIES
from openlam.learning._synth.weather_money import MONEY_FAMILIES, WEATHER_FAMILIES

FAMILIES: tuple[Family, ...] = (
    *UNIT_FAMILIES,
    *MATH_FAMILIES,
    *GEOMETRY_FAMILIES,
    *STATISTICS_FAMILIES,
    *FINANCE_FAMILIES,
    *SCIENCE_FAMILIES,
    *DATE_FAMILIES,
    *TEXT_FAMILIES,
    *WEATHER_FAMILIES,
    *MONEY_FAMILIES,
    *TRAVEL_FAMILIES,
    *FOOD_FAMILIES,
    *CALENDAR_FAMILIES,
    *MESSAGE_FAMILIES,
    *SHOP_FAMILIES,
    *HOME_FAMILIES,
    *LANGUAGE_FAMILIES,
    *FUN_FAMILIES,
)
"""Every family, in a fixed order (sampling depends on it)."""

RELATED_DOMAINS: tuple[frozenset[str], ...] = tuple(
    frozenset(group)
    for group in (
        # any numeric tool might be bent to another numeric question
        {"math", "geometry", "statistics", "units", "science", "finance", "health"},
        {"currency", "stocks", "finance"},
        {"dates", "calendar", "geography"},
        {"weather", "geography", "travel"},
        {"text", "language", "security"},
        {"dining", "cooking", "health"},
        {"books", "shopping", "media"},
        {"messaging", "calendar"},
        {"sports", "media", "news"},
    )
)
"""Groups of domains whose tools could partly serve each other's requests."""


def related(domain: str) -> frozenset[str]:
    """The domain and every domain that shares a group with it."""
    found = {domain}
    for group in RELATED_DOMAINS:
        if domain in group:
            found |= group
    return frozenset(found)
