"""Function families that look things up: weather, currencies and stocks.

Their results are plausible and deterministic: drawn from a generator seeded by the arguments
that matter (the weather in a city does not depend on the unit asked for), or computed from
small tables (exchange rates per US dollar).
"""

from __future__ import annotations

from typing import Any

from openlam.learning._synth.spec import Family, arg, choice
from openlam.learning._synth.values import (
    COINS,
    CURRENCIES,
    STOCKS,
    cities,
    clock,
    currencies,
    dates,
    ints,
    numbers,
    pick,
    seeded,
)

_UNITS = {"celsius": ("Celsius", "degrees Celsius"), "fahrenheit": ("Fahrenheit", "°F")}
_CONDITIONS = ("sunny", "partly cloudy", "cloudy", "rainy", "windy", "foggy", "snowy")
_CITY = cities()
_DATE = dates()
_CITY_ARG = {"aliases": ("location", "city_name")}


def _air_quality(city: str, pollutant: str) -> dict[str, Any]:
    aqi = seeded("aqi", city, pollutant).randint(10, 180)
    category = "good" if aqi <= 50 else "moderate" if aqi <= 100 else "poor"
    return {"city": city, "pollutant": pollutant, "aqi": aqi, "category": category}


def _weather(city: str, unit: str) -> dict[str, Any]:
    rng = seeded("weather", city)
    celsius = rng.randint(-8, 34)
    temperature = celsius if unit == "celsius" else round(celsius * 9 / 5 + 32)
    return {
        "city": city,
        "temperature": temperature,
        "unit": unit,
        "condition": rng.choice(_CONDITIONS),
        "humidity": rng.randint(25, 95),
    }


def _forecast(city: str, days: int, unit: str) -> dict[str, Any]:
    rng = seeded("forecast", city, days)
    low = rng.randint(-10, 20)
    high = low + rng.randint(3, 14)
    if unit == "fahrenheit":
        low, high = round(low * 9 / 5 + 32), round(high * 9 / 5 + 32)
    return {
        "city": city,
        "days": days,
        "high": high,
        "low": low,
        "unit": unit,
        "condition": rng.choice(_CONDITIONS),
    }


def _convert_currency(amount: float, from_currency: str, to_currency: str) -> dict[str, Any]:
    rates = {code: per_usd for code, (per_usd, _) in CURRENCIES.items()}
    for code in (from_currency, to_currency):
        if code not in rates:
            raise ValueError(
                f"unknown currency code {code!r}; use ISO codes such as "
                f"{', '.join(list(rates)[:6])}"
            )
    rate = rates[to_currency] / rates[from_currency]
    return {
        "amount": amount,
        "from_currency": from_currency,
        "to_currency": to_currency,
        "rate": round(rate, 4),
        "converted": round(amount * rate, 2),
    }


def _sunrise_sunset(city: Any, date: Any) -> dict[str, Any]:
    r = seeded(city, date)
    return {
        "city": city,
        "date": date,
        "sunrise": clock(r, 5, 7),
        "sunset": clock(r, 17, 20),
    }


def _stock_quote(symbol: Any) -> dict[str, Any]:
    r = seeded("stock", symbol)
    return {
        "symbol": symbol,
        "price": round(r.uniform(20, 900), 2),
        "change_percent": round(r.uniform(-4, 4), 2),
    }


WEATHER_FAMILIES = (
    Family(
        key="current_weather",
        domain="weather",
        names=("get current weather", "current weather", "get weather", "weather now"),
        docs=("Current weather conditions for a city.", "Get the weather right now in a place."),
        params=(
            arg("city", "string", "City name.", _CITY, **_CITY_ARG),
            choice(
                "unit",
                "Temperature unit.",
                _UNITS,
                default="celsius",
                aliases=("units", "temperature_unit"),
            ),
        ),
        clauses=(
            "check the weather[ in {city}][ in {unit}]",
            "get the current weather for {city}[ in {unit}]",
            "look up how warm it is[ in {city}] right now",
        ),
        questions=(
            "What's the weather like in {city}[ in {unit}]?",
            "How warm is it[ in {city}] right now?",
        ),
        answer="It is {temperature} degrees {unit} and {condition} in {city}.",
        run=_weather,
    ),
    Family(
        key="weather_forecast",
        domain="weather",
        names=("get weather forecast", "forecast", "weather forecast", "get forecast"),
        docs=("Weather forecast for the next days in a city.",),
        params=(
            arg("city", "string", "City name.", _CITY, **_CITY_ARG),
            arg(
                "days",
                "integer",
                "How many days ahead.",
                ints(1, 10),
                lo=1,
                hi=14,
                aliases=("num_days", "horizon"),
            ),
            choice("unit", "Temperature unit.", _UNITS, default="celsius", aliases=("units",)),
        ),
        clauses=(
            "get the {days}-day forecast for {city}[ in {unit}]",
            "forecast the weather[ in {city}] for the next {days} days[ in {unit}]",
        ),
        answer="Next {days} days in {city}: {low} to {high} degrees {unit}, mostly {condition}.",
        run=_forecast,
    ),
    Family(
        key="air_quality",
        domain="weather",
        names=("get air quality", "air quality index", "check air quality"),
        docs=("Air quality index of a city.",),
        params=(
            arg("city", "string", "City name.", _CITY, **_CITY_ARG),
            choice(
                "pollutant",
                "Pollutant to report.",
                {"pm2_5": ("PM2.5",), "pm10": ("PM10",), "ozone": ("ozone",), "no2": ("NO2",)},
                default="pm2_5",
            ),
        ),
        clauses=(
            "check the air quality[ in {city}][ for {pollutant}]",
            "get the[ {pollutant}] air quality index for {city}",
        ),
        answer="Air quality in {city}: AQI {aqi} ({category}).",
        run=_air_quality,
    ),
    Family(
        key="sunrise_sunset",
        domain="weather",
        names=("get sun times", "sunrise sunset", "sun schedule"),
        docs=("Sunrise and sunset times for a city on a date.",),
        params=(
            arg("city", "string", "City name.", _CITY, **_CITY_ARG),
            arg("date", "string", "The day.", _DATE, form="date", aliases=("day",)),
        ),
        clauses=(
            "look up sunrise and sunset in {city} on {date}",
            "tell me when the sun rises and sets[ in {city}] on {date}",
        ),
        answer="In {city} on {date} the sun rises at {sunrise} and sets at {sunset}.",
        run=_sunrise_sunset,
    ),
)

MONEY_FAMILIES = (
    Family(
        key="convert_currency",
        domain="currency",
        names=("convert currency", "currency convert", "exchange money", "fx convert"),
        docs=("Convert an amount of money between currencies (ISO codes).",),
        params=(
            arg(
                "amount",
                "number",
                "Amount of money.",
                numbers(5, 5000),
                lo=0,
                aliases=("value", "sum"),
            ),
            arg(
                "from_currency",
                "string",
                "ISO code of the money's currency.",
                currencies(),
                aliases=("source_currency", "base"),
                noun="source currency",
            ),
            arg(
                "to_currency",
                "string",
                "ISO code to convert to.",
                currencies(),
                aliases=("target_currency", "target"),
                noun="target currency",
            ),
        ),
        clauses=(
            "convert {amount} {from_currency} to[ {to_currency}]",
            "change {amount} {from_currency} into {to_currency}",
            "tell me how much {amount} {from_currency} is in {to_currency}",
        ),
        questions=("How much is {amount} {from_currency} in {to_currency}?",),
        answer="{amount} {from_currency} is {converted} {to_currency}.",
        run=_convert_currency,
        valid=lambda a: a["from_currency"] != a["to_currency"],
    ),
    Family(
        key="exchange_rate",
        domain="currency",
        names=("get exchange rate", "exchange rate", "fx rate"),
        docs=("Exchange rate between two currencies (ISO codes).",),
        params=(
            arg(
                "base_currency",
                "string",
                "Currency to price.",
                currencies(),
                aliases=("base", "from_currency"),
                noun="base currency",
            ),
            arg(
                "quote_currency",
                "string",
                "Currency to price it in.",
                currencies(),
                aliases=("quote", "to_currency"),
                noun="quote currency",
            ),
        ),
        clauses=(
            "get the exchange rate from {base_currency} to {quote_currency}",
            "look up how many {quote_currency} one {base_currency} buys",
        ),
        answer="1 {base_currency} = {rate} {quote_currency}.",
        run=lambda base_currency, quote_currency: {
            **_convert_currency(1, base_currency, quote_currency),
            "base_currency": base_currency,
            "quote_currency": quote_currency,
        },
        valid=lambda a: a["base_currency"] != a["quote_currency"],
    ),
    Family(
        key="crypto_price",
        domain="currency",
        names=("get crypto price", "crypto quote", "coin price"),
        docs=("Current price of a cryptocurrency.",),
        params=(
            arg(
                "coin",
                "string",
                "Coin name or symbol.",
                pick(COINS),
                aliases=("asset", "cryptocurrency"),
            ),
            choice(
                "currency",
                "Quote currency.",
                {"USD": ("USD", "dollars"), "EUR": ("EUR", "euros"), "GBP": ("GBP", "pounds")},
                default="USD",
            ),
        ),
        clauses=(
            "get the price of {coin}[ in {currency}]",
            "check what {coin} is trading at[ in {currency}]",
        ),
        answer="{coin} is at {price} {currency}.",
        run=lambda coin, currency: {
            "coin": coin,
            "currency": currency,
            "price": round(
                seeded("coin", coin.lower()).uniform(0.05, 70000) * CURRENCIES[currency][0], 2
            ),
        },
    ),
    Family(
        key="stock_quote",
        domain="stocks",
        names=("get stock price", "stock quote", "get quote", "share price"),
        docs=("Latest price of a stock by its ticker symbol.",),
        params=(
            arg(
                "symbol",
                "string",
                "Ticker symbol.",
                pick(STOCKS),
                aliases=("ticker", "stock_symbol"),
            ),
        ),
        clauses=("get the stock price of {symbol}", "look up the latest quote for {symbol}"),
        questions=("How is {symbol} trading today?", "What's {symbol} trading at?"),
        answer="{symbol} trades at {price} ({change_percent}% today).",
        run=_stock_quote,
    ),
    Family(
        key="stock_history",
        domain="stocks",
        names=("get stock history", "price history", "historical prices"),
        docs=("A stock's price change between two dates.",),
        params=(
            arg("symbol", "string", "Ticker symbol.", pick(STOCKS), aliases=("ticker",)),
            arg(
                "start_date",
                "string",
                "First day.",
                _DATE,
                form="date",
                aliases=("from_date",),
                noun="start date",
            ),
            arg(
                "end_date",
                "string",
                "Last day.",
                _DATE,
                form="date",
                aliases=("to_date",),
                noun="end date",
            ),
            choice(
                "interval",
                "Sampling interval.",
                {"daily": ("daily",), "weekly": ("weekly",), "monthly": ("monthly",)},
                default="daily",
            ),
        ),
        clauses=(
            "get[ {interval}] prices for {symbol} from {start_date} to {end_date}",
            "pull the price history of {symbol} between {start_date} and {end_date}"
            "[ at {interval} resolution]",
        ),
        answer="{symbol} went from {start_price} to {end_price}.",
        run=lambda symbol, start_date, end_date, interval: {
            "symbol": symbol,
            "start_price": round(seeded(symbol, start_date).uniform(20, 900), 2),
            "end_price": round(seeded(symbol, end_date).uniform(20, 900), 2),
        },
        valid=lambda a: a["start_date"] < a["end_date"],
    ),
)
