"""Function families that look things up: flights, hotels, places, restaurants, food."""

from __future__ import annotations

import datetime as dt
import math
import random
from typing import Any

from openlam.learning._synth.spec import Family, arg, choice, flag, opt
from openlam.learning._synth.values import (
    AIRPORTS,
    CITIES,
    COUNTRY_CAPITALS,
    CUISINES,
    FOODS,
    INGREDIENTS,
    RESTAURANTS,
    Sampler,
    Value,
    cities,
    clock,
    dates,
    ints,
    pick,
    seeded,
    string_lists,
    times,
)

_CITY = cities()
_DATE = dates()
_CITY_ARG = {"aliases": ("location", "city_name")}
_CABINS = {
    "economy": ("economy",),
    "premium_economy": ("premium economy",),
    "business": ("business class",),
    "first": ("first class",),
}


def _place() -> Sampler:
    city, airport = cities(), pick(AIRPORTS)

    def draw(rng: random.Random) -> Value:
        return airport(rng) if rng.random() < 0.4 else city(rng)

    return draw


def _city_base(text: str) -> str:
    return text.split(",", maxsplit=1)[0].strip()


def _coordinates(city: str) -> tuple[float, float]:
    info = CITIES.get(_city_base(city))
    if info is None:
        raise ValueError(f"unknown city {city!r}; try a major city such as Paris or Tokyo")
    return info[0], info[1]


def _flights(
    *, origin: str, destination: str, date: str, passengers: int, cabin: str, nonstop: bool
) -> dict[str, Any]:
    rng = seeded("flights", origin, destination, date)
    fare = rng.randint(60, 900) * {"economy": 1, "premium_economy": 1.6, "business": 3.5}.get(
        cabin, 6
    )
    carrier = rng.choice(("AF", "BA", "LH", "UA", "KL", "IB", "NH", "SQ"))
    return {
        "flight": f"{carrier}{rng.randint(100, 999)}",
        "departure": clock(rng, 6, 21),
        "stops": 0 if nonstop else rng.randint(0, 1),
        "price": round(fare * passengers),
        "currency": "USD",
    }


def _hotel(
    city: str, check_in: str, check_out: str, guests: int, max_price: float | None
) -> dict[str, Any]:
    rng = seeded("hotel", city, check_in)
    nights = (_day(check_out) - _day(check_in)).days
    if nights < 1:
        raise ValueError(f"check_out {check_out} must be after check_in {check_in}")
    price = rng.randint(70, 420) + 15 * (guests - 1)
    if max_price is not None:
        price = min(price, math.floor(max_price * 0.9))
    name = f"Hotel {rng.choice(('Aurora', 'Central', 'Riverside', 'Grand', 'Harbor', 'Lumen'))}"
    return {
        "hotel": name,
        "city": city,
        "nights": nights,
        "price_per_night": price,
        "total": price * nights,
    }


def _day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def _distance(origin: str, destination: str, unit: str) -> dict[str, Any]:
    (lat1, lon1), (lat2, lon2) = _coordinates(origin), _coordinates(destination)
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    km = 2 * 6371 * math.asin(math.sqrt(h))
    return {
        "origin": origin,
        "destination": destination,
        "unit": unit,
        "distance": round(km if unit == "km" else km / 1.609344),
    }


def _nutrition(food: str, grams: float) -> dict[str, Any]:
    row = FOODS.get(food.lower())
    if row is None:
        raise ValueError(f"no nutrition data for {food!r}; known foods: {', '.join(FOODS)}")
    kcal, protein, carbs = (round(v * grams / 100, 1) for v in row)
    return {"food": food, "grams": grams, "calories": kcal, "protein": protein, "carbs": carbs}


def _recipe(ingredients: list[str], diet: str | None, max_minutes: int | None) -> dict[str, Any]:
    rng = seeded("recipe", ingredients, diet)
    dish = rng.choice(("stir-fry", "curry", "soup", "salad", "bake", "risotto", "tacos"))
    minutes = rng.randint(15, 75) if max_minutes is None else rng.randint(10, max_minutes)
    return {"recipe": f"{ingredients[0].capitalize()} {dish}", "minutes": minutes, "diet": diet}


def _find_restaurants(city: Any, cuisine: Any, price_range: Any, open_now: Any) -> dict[str, Any]:
    r = seeded(city, cuisine, price_range)
    return {
        "restaurant": f"{r.choice(('Casa', 'Maison', 'The', 'Little'))} {cuisine} "
        f"{r.choice(('Kitchen', 'Table', 'House', 'Garden'))}",
        "rating": round(r.uniform(3.6, 4.9), 1),
    }


TRAVEL_FAMILIES = (
    Family(
        key="search_flights",
        domain="travel",
        names=("search flights", "find flights", "flight search", "get flights"),
        docs=("Search flights between two cities or airports on a date.",),
        params=(
            arg(
                "origin",
                "string",
                "City or airport code.",
                _place(),
                aliases=("from_city", "departure"),
                noun="departure city",
            ),
            arg(
                "destination",
                "string",
                "City or airport code.",
                _place(),
                aliases=("to_city", "arrival"),
            ),
            arg(
                "date",
                "string",
                "Departure date.",
                _DATE,
                form="date",
                aliases=("departure_date",),
                noun="travel date",
            ),
            opt(
                "passengers",
                "integer",
                "Number of travellers.",
                ints(2, 6),
                1,
                lo=1,
                hi=9,
                aliases=("adults",),
            ),
            choice("cabin", "Cabin class.", _CABINS, default="economy", aliases=("cabin_class",)),
            flag(
                "nonstop",
                "Only direct flights.",
                (" nonstop", " direct"),
                (" with stops allowed",),
                default=False,
                aliases=("direct_only",),
            ),
        ),
        clauses=(
            "find[{nonstop}] flights from {origin} to {destination}[ on {date}]"
            "[ for {passengers} people][ in {cabin}]",
            "search for a[{nonstop}] flight from {origin} to {destination} on {date}[ in {cabin}]",
        ),
        answer="Cheapest: {flight} at {departure}, {stops} stops, {price} {currency}.",
        run=_flights,
        valid=lambda a: a["origin"] != a["destination"],
    ),
    Family(
        key="search_hotels",
        domain="travel",
        names=("search hotels", "find hotel", "hotel search", "book hotel"),
        docs=("Find a hotel in a city for a stay.",),
        params=(
            arg("city", "string", "City.", _CITY, **_CITY_ARG),
            arg(
                "check_in",
                "string",
                "Arrival date.",
                _DATE,
                form="date",
                aliases=("checkin_date",),
                noun="check-in date",
            ),
            arg(
                "check_out",
                "string",
                "Departure date.",
                _DATE,
                form="date",
                aliases=("checkout_date",),
                noun="check-out date",
            ),
            opt("guests", "integer", "Number of guests.", ints(2, 5), 1, lo=1, hi=10),
            opt(
                "max_price",
                "number",
                "Highest price per night.",
                ints(80, 400),
                None,
                lo=1,
                aliases=("budget",),
            ),
        ),
        clauses=(
            "find a hotel in {city} from {check_in} to {check_out}[ for {guests} guests]"
            "[ under {max_price} a night]",
            "search hotels[ in {city}], checking in {check_in} and out {check_out}",
        ),
        answer="{hotel}: {price_per_night} a night, {total} for {nights} nights.",
        run=_hotel,
        valid=lambda a: a["check_in"] < a["check_out"],
    ),
    Family(
        key="city_distance",
        domain="geography",
        names=("distance between cities", "city distance", "get distance"),
        docs=("Great-circle distance between two cities.",),
        params=(
            arg("origin", "string", "First city.", _CITY, aliases=("city_a", "from_city")),
            arg("destination", "string", "Second city.", _CITY, aliases=("city_b", "to_city")),
            choice(
                "unit", "km or mi.", {"km": ("kilometers", "km"), "mi": ("miles",)}, default="km"
            ),
        ),
        clauses=(
            "tell me how far {origin} is from {destination}[ in {unit}]",
            "get the distance between {origin} and {destination}[ in {unit}]",
        ),
        questions=("How far is it from {origin} to {destination}[ in {unit}]?",),
        answer="{origin} to {destination}: {distance} {unit}.",
        run=_distance,
        valid=lambda a: _city_base(a["origin"]) != _city_base(a["destination"]),
    ),
    Family(
        key="country_capital",
        domain="geography",
        names=("get capital", "country capital", "capital of country"),
        docs=("The capital city of a country.",),
        params=(
            arg(
                "country",
                "string",
                "Country name.",
                pick(tuple(COUNTRY_CAPITALS)),
                aliases=("nation", "country_name"),
            ),
        ),
        clauses=("find the capital of {country}", "look up the capital city of {country}"),
        questions=("What is the capital of {country}?",),
        answer="The capital of {country} is {capital}.",
        run=lambda country: {"country": country, "capital": COUNTRY_CAPITALS[country]},
    ),
    Family(
        key="city_population",
        domain="geography",
        names=("get population", "city population", "population of"),
        docs=("Population of a city.",),
        params=(arg("city", "string", "City name.", _CITY, **_CITY_ARG),),
        clauses=("look up the population of {city}", "find how many people live in {city}"),
        questions=("How many people live in {city}?",),
        answer="{city} has about {population} inhabitants.",
        run=lambda city: {
            "city": city,
            "population": seeded("pop", _city_base(city)).randint(300, 30000) * 1000,
        },
    ),
)

_FOOD = (
    Family(
        key="find_restaurants",
        domain="dining",
        names=("find restaurants", "search restaurants", "restaurant search"),
        docs=("Find restaurants in a city by cuisine.",),
        params=(
            arg("city", "string", "City.", _CITY, **_CITY_ARG),
            arg("cuisine", "string", "Kind of food.", pick(CUISINES), aliases=("food_type",)),
            choice(
                "price_range",
                "Budget.",
                {"$": ("cheap",), "$$": ("mid-priced",), "$$$": ("upscale",)},
                default=None,
                aliases=("price",),
            ),
            flag(
                "open_now",
                "Only open ones.",
                (" that are open now",),
                (" even if closed now",),
                default=False,
            ),
        ),
        clauses=(
            "find[ {price_range}] {cuisine} restaurants in {city}[{open_now}]",
            "search for {cuisine} places to eat[ in {city}][{open_now}]",
        ),
        answer="Try {restaurant}, rated {rating}.",
        run=_find_restaurants,
    ),
    Family(
        key="find_recipes",
        domain="cooking",
        names=("find recipes", "recipe search", "search recipes"),
        docs=("Recipes that use the given ingredients.",),
        params=(
            arg(
                "ingredients",
                "string[]",
                "What you have.",
                string_lists(INGREDIENTS),
                aliases=("items",),
            ),
            choice(
                "diet",
                "Dietary need.",
                {
                    "vegetarian": ("vegetarian",),
                    "vegan": ("vegan",),
                    "gluten_free": ("gluten-free",),
                },
                default=None,
            ),
            opt(
                "max_minutes",
                "integer",
                "Longest cooking time.",
                ints(15, 90),
                None,
                lo=5,
                aliases=("max_time",),
            ),
        ),
        clauses=(
            "find a[ {diet}] recipe with {ingredients}[ that takes under {max_minutes} minutes]",
            "suggest something[ {diet}] to cook using {ingredients}",
        ),
        answer="Try {recipe} ({minutes} minutes).",
        run=_recipe,
    ),
    Family(
        key="nutrition_facts",
        domain="cooking",
        names=("get nutrition", "nutrition facts", "food nutrition"),
        docs=("Calories, protein and carbohydrates in a portion of food.",),
        params=(
            arg("food", "string", "The food.", pick(tuple(FOODS)), aliases=("item",)),
            arg(
                "grams",
                "number",
                "Portion in grams.",
                ints(30, 400),
                lo=1,
                aliases=("amount_g", "portion"),
                noun="portion size",
            ),
        ),
        clauses=(
            "look up the nutrition facts for {grams} g of {food}",
            "tell me how many calories are in {grams} grams of {food}",
        ),
        answer="{grams} g of {food}: {calories} kcal, {protein} g protein.",
        run=_nutrition,
    ),
)

_RESERVE = Family(
    key="reserve_table",
    domain="dining",
    names=("reserve table", "book table", "restaurant booking", "make reservation"),
    docs=("Reserve a table at a restaurant.",),
    params=(
        arg(
            "restaurant",
            "string",
            "Restaurant name.",
            pick(RESTAURANTS),
            aliases=("venue", "restaurant_name"),
        ),
        arg("date", "string", "Day.", _DATE, form="date", aliases=("day",)),
        arg("time", "string", "Time.", times(), form="time", aliases=("at",)),
        arg(
            "party_size",
            "integer",
            "Number of people.",
            ints(1, 10),
            lo=1,
            hi=20,
            aliases=("guests", "people"),
            noun="number of people",
        ),
    ),
    clauses=(
        "book a table at {restaurant} for {party_size} on {date} at {time}",
        "reserve {restaurant} on {date} at {time}[ for {party_size} people]",
    ),
    answer="Booked {restaurant} for {party_size} on {date} at {time}, ref {confirmation}.",
    run=lambda restaurant, date, time, party_size: {
        "restaurant": restaurant,
        "date": date,
        "time": time,
        "party_size": party_size,
        "confirmation": f"R-{seeded(restaurant, date, time).randint(1000, 9999)}",
    },
)
FOOD_FAMILIES = (*_FOOD, _RESERVE)
