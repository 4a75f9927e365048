"""Function families that compute: unit conversion and arithmetic."""

from __future__ import annotations

import math
from functools import reduce
from typing import Any

from openlam.learning._synth.spec import Family, arg, choice, flag, opt
from openlam.learning._synth.values import ints, number_lists, numbers

_LENGTH = {"m": 1.0, "km": 1000.0, "cm": 0.01, "mm": 0.001, "mi": 1609.344, "ft": 0.3048}
_LENGTH |= {"in": 0.0254, "yd": 0.9144}
_LENGTH_SAYS = {
    "m": ("meters", "m"),
    "km": ("kilometers", "km"),
    "cm": ("centimeters", "cm"),
    "mm": ("millimeters", "mm"),
    "mi": ("miles",),
    "ft": ("feet",),
    "in": ("inches",),
    "yd": ("yards",),
}
_WEIGHT = {"kg": 1.0, "g": 0.001, "lb": 0.45359237, "oz": 0.028349523, "t": 1000.0, "st": 6.35029}
_WEIGHT_SAYS = {
    "kg": ("kilograms", "kg"),
    "g": ("grams", "g"),
    "lb": ("pounds", "lb"),
    "oz": ("ounces", "oz"),
    "t": ("metric tons", "tonnes"),
    "st": ("stone",),
}
_VOLUME = {"l": 1.0, "ml": 0.001, "gal": 3.785411, "qt": 0.946353, "cup": 0.236588}
_VOLUME |= {"fl_oz": 0.0295735, "tbsp": 0.0147868, "tsp": 0.00492892}
_VOLUME_SAYS = {
    "l": ("liters", "litres"),
    "ml": ("milliliters", "ml"),
    "gal": ("US gallons", "gallons"),
    "qt": ("quarts",),
    "cup": ("cups",),
    "fl_oz": ("fluid ounces",),
    "tbsp": ("tablespoons",),
    "tsp": ("teaspoons",),
}
_SPEED = {"km/h": 1 / 3.6, "mph": 0.44704, "m/s": 1.0, "kn": 0.514444}
_SPEED_SAYS = {
    "km/h": ("km/h", "kilometers per hour"),
    "mph": ("mph", "miles per hour"),
    "m/s": ("m/s", "meters per second"),
    "kn": ("knots",),
}
_SCALES = {
    "celsius": ("Celsius", "°C", "degrees Celsius"),
    "fahrenheit": ("Fahrenheit", "°F"),
    "kelvin": ("kelvin", "K"),
}
_CONVERT_CLAUSES = (
    "convert {value} {from_unit} to {to_unit}",
    "tell me how many {to_unit} {value} {from_unit} is",
    "express {value} {from_unit} in {to_unit}",
)
_CONVERT_QUESTIONS = (
    "How many {to_unit} are in {value} {from_unit}?",
    "What is {value} {from_unit} in {to_unit}?",
)


def _converter(
    key: str,
    *,
    noun: str,
    table: dict[str, float],
    says: dict[str, tuple[str, ...]],
    lo: float,
    hi: float,
) -> Family:
    def run(value: float, from_unit: str, to_unit: str) -> dict[str, Any]:
        result = round(value * table[from_unit] / table[to_unit], 4)
        return {"value": value, "from_unit": from_unit, "to_unit": to_unit, "result": result}

    return Family(
        key=f"convert_{key}",
        domain="units",
        names=(f"convert {key}", f"{key} convert", f"convert {key} units", f"{key} unit convert"),
        docs=(
            f"Convert a {noun} from one unit to another.",
            f"{noun.capitalize()} unit converter.",
        ),
        params=(
            arg(
                "value",
                "number",
                f"The {noun} to convert.",
                numbers(lo, hi),
                lo=0,
                aliases=("amount", "quantity"),
                noun=noun,
            ),
            choice("from_unit", "Unit of the value.", says, aliases=("source_unit", "unit_from")),
            choice("to_unit", "Unit to convert to.", says, aliases=("target_unit", "unit_to")),
        ),
        clauses=_CONVERT_CLAUSES,
        questions=_CONVERT_QUESTIONS,
        answer="{value} {from_unit} is {result} {to_unit}.",
        run=run,
        valid=lambda a: a["from_unit"] != a["to_unit"],
    )


def _kelvin(value: float, scale: str) -> float:
    return {"celsius": value + 273.15, "fahrenheit": (value - 32) * 5 / 9 + 273.15}.get(
        scale, value
    )


def _temperature(value: float, from_scale: str, to_scale: str) -> dict[str, Any]:
    kelvin = _kelvin(value, from_scale)
    if kelvin < 0:
        raise ValueError(f"{value} degrees {from_scale} is below absolute zero")
    out = {"celsius": kelvin - 273.15, "fahrenheit": (kelvin - 273.15) * 9 / 5 + 32}
    result = round(out.get(to_scale, kelvin), 2)
    return {"value": value, "from_scale": from_scale, "to_scale": to_scale, "result": result}


def _quadratic(a: float, b: float, c: float) -> dict[str, Any]:
    if a == 0:
        raise ValueError("a must not be 0 for a quadratic equation")
    disc = b * b - 4 * a * c
    if disc < 0:
        real, imag = round(-b / (2 * a), 4), round(math.sqrt(-disc) / (2 * abs(a)), 4)
        return {"discriminant": disc, "roots": [f"{real}+{imag}i", f"{real}-{imag}i"]}
    roots = sorted({round((-b + s * math.sqrt(disc)) / (2 * a), 4) for s in (1, -1)})
    return {"discriminant": disc, "roots": roots}


def _prime_factors(number: int) -> dict[str, Any]:
    factors, rest, p = [], number, 2
    while p * p <= rest:
        while rest % p == 0:
            factors.append(p)
            rest //= p
        p += 1
    return {"number": number, "factors": [*factors, rest] if rest > 1 else factors}


def _fibonacci(n: int) -> dict[str, Any]:
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return {"n": n, "value": a}


def _combinations(n: int, k: int, ordered: bool) -> dict[str, Any]:
    if k > n:
        raise ValueError(f"cannot choose {k} items from {n}")
    count = math.perm(n, k) if ordered else math.comb(n, k)
    return {"n": n, "k": k, "ordered": ordered, "count": count}


_INT = ints(2, 500)

UNIT_FAMILIES = (
    _converter("length", noun="length", table=_LENGTH, says=_LENGTH_SAYS, lo=0.5, hi=5000),
    _converter("weight", noun="weight", table=_WEIGHT, says=_WEIGHT_SAYS, lo=0.5, hi=500),
    _converter("volume", noun="volume", table=_VOLUME, says=_VOLUME_SAYS, lo=0.5, hi=100),
    _converter("speed", noun="speed", table=_SPEED, says=_SPEED_SAYS, lo=1, hi=300),
    Family(
        key="convert_temperature",
        domain="units",
        names=("convert temperature", "temperature convert", "convert temp"),
        docs=("Convert a temperature between Celsius, Fahrenheit and kelvin.",),
        params=(
            arg(
                "value",
                "number",
                "The temperature.",
                numbers(-40, 400),
                aliases=("temperature",),
                noun="temperature",
            ),
            choice("from_scale", "Scale of the value.", _SCALES, aliases=("from_unit",)),
            choice("to_scale", "Scale to convert to.", _SCALES, aliases=("to_unit",)),
        ),
        clauses=(
            "convert {value} {from_scale} to {to_scale}",
            "tell me what {value} {from_scale} is in {to_scale}",
        ),
        questions=("What is {value} {from_scale} in {to_scale}?",),
        answer="{value} {from_scale} is {result} {to_scale}.",
        run=_temperature,
        valid=lambda a: (
            a["from_scale"] != a["to_scale"] and _kelvin(a["value"], a["from_scale"]) >= 0
        ),
    ),
)

MATH_FAMILIES = (
    Family(
        key="factorial",
        domain="math",
        names=("calculate factorial", "factorial", "compute factorial"),
        docs=("Compute the factorial of a non-negative integer.", "n! for an integer n."),
        params=(
            arg(
                "n",
                "integer",
                "The number.",
                ints(0, 20),
                lo=0,
                hi=20,
                aliases=("number", "value"),
                noun="number",
            ),
        ),
        clauses=("calculate the factorial[ of {n}]", "work out the factorial[ of {n}]"),
        questions=("What is {n} factorial?", "What's the factorial of {n}?"),
        answer="{n}! = {factorial}.",
        run=lambda n: {"n": n, "factorial": math.factorial(n)},
    ),
    Family(
        key="gcd",
        domain="math",
        names=("greatest common divisor", "calculate gcd", "gcd", "find gcd"),
        docs=("Greatest common divisor of two integers.",),
        params=(
            arg("a", "integer", "First integer.", _INT, lo=1, aliases=("first", "x")),
            arg("b", "integer", "Second integer.", _INT, lo=1, aliases=("second", "y")),
        ),
        clauses=(
            "find the greatest common divisor of {a} and {b}",
            "compute the GCD of {a} and {b}",
        ),
        questions=("What is the GCD of {a} and {b}?",),
        answer="The GCD of {a} and {b} is {gcd}.",
        run=lambda a, b: {"a": a, "b": b, "gcd": math.gcd(a, b)},
    ),
    Family(
        key="lcm",
        domain="math",
        names=("least common multiple", "calculate lcm", "lcm"),
        docs=("Least common multiple of a list of integers.",),
        params=(
            arg(
                "numbers",
                "integer[]",
                "The integers.",
                number_lists(2, 30, (2, 4)),
                lo=1,
                aliases=("values", "integers"),
                noun="numbers",
            ),
        ),
        clauses=("find the least common multiple of {numbers}", "compute the LCM of {numbers}"),
        answer="The LCM is {lcm}.",
        run=lambda numbers: {"lcm": reduce(math.lcm, numbers)},
    ),
    Family(
        key="is_prime",
        domain="math",
        names=("is prime", "check prime", "prime check", "test primality"),
        docs=("Whether an integer is a prime number.",),
        params=(
            arg(
                "number",
                "integer",
                "The integer to test.",
                ints(2, 100000),
                lo=2,
                aliases=("n", "value"),
            ),
        ),
        clauses=("check whether {number} is prime", "tell me if {number} is a prime number"),
        questions=("Is {number} a prime number?", "Is {number} prime?"),
        answer="{number} is prime: {is_prime}.",
        run=lambda number: {
            "number": number,
            "is_prime": _prime_factors(number)["factors"] == [number],
        },
    ),
    Family(
        key="prime_factors",
        domain="math",
        names=("prime factors", "factorize", "get prime factors", "prime factorization"),
        docs=("The prime factorization of an integer.",),
        params=(
            arg(
                "number", "integer", "The integer.", ints(2, 1000000), lo=2, aliases=("n", "value")
            ),
        ),
        clauses=("factorize {number} into primes", "find the prime factors of {number}"),
        questions=("What are the prime factors of {number}?",),
        answer="The prime factors of {number} are {factors}.",
        run=_prime_factors,
    ),
    Family(
        key="fibonacci",
        domain="math",
        names=("fibonacci", "nth fibonacci", "get fibonacci number"),
        docs=("The n-th Fibonacci number (F(0) = 0).",),
        params=(
            arg(
                "n",
                "integer",
                "Position in the sequence.",
                ints(1, 80),
                lo=0,
                hi=90,
                aliases=("index", "position"),
                noun="position",
            ),
        ),
        clauses=("compute the Fibonacci number at position {n}", "give me Fibonacci number {n}"),
        questions=("What is Fibonacci number {n}?",),
        answer="Fibonacci number {n} is {value}.",
        run=_fibonacci,
    ),
    Family(
        key="power",
        domain="math",
        names=("power", "calculate power", "raise to power", "exponent"),
        docs=("Raise a number to a power.",),
        params=(
            arg("base", "number", "The base.", numbers(-20, 20), aliases=("x",)),
            arg(
                "exponent",
                "integer",
                "The exponent.",
                ints(0, 12),
                lo=-50,
                hi=50,
                aliases=("power", "n"),
            ),
        ),
        clauses=("raise {base} to the power of {exponent}", "compute {base} to the {exponent}"),
        questions=("What is {base} to the power of {exponent}?",),
        answer="{base} to the power {exponent} is {result}.",
        run=lambda base, exponent: {
            "base": base,
            "exponent": exponent,
            "result": round(base**exponent, 6),
        },
    ),
    Family(
        key="logarithm",
        domain="math",
        names=("logarithm", "calculate log", "log"),
        docs=("Logarithm of a positive number in a given base (default 10).",),
        params=(
            arg(
                "value",
                "number",
                "A positive number.",
                numbers(1, 100000),
                lo=0.000001,
                aliases=("x", "number"),
                noun="number",
            ),
            opt("base", "number", "The base.", ints(2, 16), 10, lo=1.000001),
        ),
        clauses=(
            "compute the logarithm of {value}[ in base {base}]",
            "take the log of {value}[ with base {base}]",
        ),
        answer="The log of {value} is {result}.",
        run=lambda value, base: {
            "value": value,
            "base": base,
            "result": round(math.log(value, base), 4),
        },
    ),
    Family(
        key="combinations",
        domain="math",
        names=("count combinations", "combinations", "choose", "n choose k"),
        docs=("Ways to choose k items out of n, ordered or not.",),
        params=(
            arg("n", "integer", "Number of items.", ints(5, 30), lo=0, aliases=("total",)),
            arg("k", "integer", "Items chosen.", ints(1, 5), lo=0, aliases=("choose",)),
            flag(
                "ordered",
                "Whether order matters.",
                (" where order matters",),
                (" where order does not matter",),
                default=False,
                aliases=("permutations",),
            ),
        ),
        clauses=(
            "count the ways to pick {k} items out of {n}[{ordered}]",
            "compute how many ways there are to choose {k} of {n} things[{ordered}]",
        ),
        answer="There are {count} ways.",
        run=_combinations,
        valid=lambda a: a["k"] <= a["n"],
    ),
    Family(
        key="percentage",
        domain="math",
        names=("calculate percentage", "percentage of", "percent"),
        docs=("What percentage one number is of another.",),
        params=(
            arg("part", "number", "The part.", numbers(1, 500), aliases=("value",)),
            arg(
                "whole", "number", "The whole.", numbers(500, 5000), lo=0.000001, aliases=("total",)
            ),
        ),
        clauses=(
            "work out what percentage {part} is of {whole}",
            "tell me what percent of {whole} {part} is",
        ),
        questions=("What percentage of {whole} is {part}?",),
        answer="{part} is {percent}% of {whole}.",
        run=lambda part, whole: {
            "part": part,
            "whole": whole,
            "percent": round(100 * part / whole, 2),
        },
    ),
    Family(
        key="quadratic_roots",
        domain="math",
        names=("solve quadratic", "quadratic roots", "find quadratic roots"),
        docs=("Roots of a x^2 + b x + c = 0.",),
        params=(
            arg("a", "number", "Coefficient of x^2.", ints(1, 9), aliases=("coef_a",)),
            arg("b", "number", "Coefficient of x.", ints(-20, 20), aliases=("coef_b",)),
            arg("c", "number", "Constant term.", ints(-30, 30), aliases=("coef_c",)),
        ),
        clauses=(
            "solve the quadratic equation with a={a}, b={b} and c={c}",
            "find the roots of the quadratic with coefficients a = {a}, b = {b}, c = {c}",
        ),
        answer="The roots are {roots}.",
        run=_quadratic,
    ),
)
