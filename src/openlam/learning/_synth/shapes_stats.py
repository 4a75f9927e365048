"""Function families that compute: geometry and statistics."""

from __future__ import annotations

import math
import statistics
from typing import Any

from openlam.learning._synth.spec import Family, arg, choice, flag
from openlam.learning._synth.values import ints, number_lists, numbers, points


def _percentile(numbers: list[float], percentile: float) -> dict[str, Any]:
    ordered = sorted(numbers)
    rank = (len(ordered) - 1) * percentile / 100
    low, high = math.floor(rank), math.ceil(rank)
    value = ordered[low] + (ordered[high] - ordered[low]) * (rank - low)
    return {"percentile": percentile, "value": round(value, 4)}


def _correlation(x: list[float], y: list[float]) -> dict[str, Any]:
    if len(x) != len(y):
        raise ValueError(f"x and y must be the same length, got {len(x)} and {len(y)}")
    if len(x) < 2 or len(set(x)) < 2 or len(set(y)) < 2:
        raise ValueError("x and y need at least two different values each")
    return {"pairs": len(x), "correlation": round(statistics.correlation(x, y), 4)}


def _stdev(numbers: list[float], sample: bool) -> dict[str, Any]:
    if sample and len(numbers) < 2:
        raise ValueError("a sample standard deviation needs at least two numbers")
    value = statistics.stdev(numbers) if sample else statistics.pstdev(numbers)
    return {"sample": sample, "standard_deviation": round(value, 4)}


_NUMS = number_lists(1, 100, (3, 8))
_NUMS_ARG = {"aliases": ("values", "data"), "noun": "numbers"}
_LENGTH_ARG = numbers(0.5, 50)

GEOMETRY_FAMILIES = (
    Family(
        key="circle_area",
        domain="geometry",
        names=("circle area", "calculate circle area", "area of circle"),
        docs=("Area of a circle from its radius.",),
        params=(arg("radius", "number", "The radius.", _LENGTH_ARG, lo=0, aliases=("r",)),),
        clauses=(
            "calculate the area of a circle[ with radius {radius}]",
            "find the area of a circle[ whose radius is {radius}]",
        ),
        questions=("What is the area of a circle with a radius of {radius}?",),
        answer="The area is {area}.",
        run=lambda radius: {"radius": radius, "area": round(math.pi * radius**2, 4)},
    ),
    Family(
        key="triangle_area",
        domain="geometry",
        names=("triangle area", "calculate triangle area", "area of triangle"),
        docs=("Area of a triangle from its base and height.",),
        params=(
            arg("base", "number", "Base length.", _LENGTH_ARG, lo=0, aliases=("base_length",)),
            arg("height", "number", "Height.", _LENGTH_ARG, lo=0, aliases=("altitude",)),
        ),
        clauses=(
            "calculate the area of a triangle with base {base} and height {height}",
            "find the area of a triangle whose base is {base} and height {height}",
        ),
        answer="The triangle's area is {area}.",
        run=lambda base, height: {"area": round(base * height / 2, 4)},
    ),
    Family(
        key="rectangle",
        domain="geometry",
        names=("rectangle measure", "calculate rectangle", "rectangle"),
        docs=("Area or perimeter of a rectangle.",),
        params=(
            arg("length", "number", "Length.", _LENGTH_ARG, lo=0, aliases=("long_side",)),
            arg("width", "number", "Width.", _LENGTH_ARG, lo=0, aliases=("short_side",)),
            choice("measure", "What to compute.", {"area": ("area",), "perimeter": ("perimeter",)}),
        ),
        clauses=(
            "compute the {measure} of a rectangle that is {length} by {width}",
            "work out the {measure} of a {length} by {width} rectangle",
        ),
        questions=("What is the {measure} of a {length} x {width} rectangle?",),
        answer="The {measure} is {result}.",
        run=lambda length, width, measure: {
            "measure": measure,
            "result": round(length * width if measure == "area" else 2 * (length + width), 4),
        },
    ),
    Family(
        key="sphere_volume",
        domain="geometry",
        names=("sphere volume", "calculate sphere volume", "volume of sphere"),
        docs=("Volume of a sphere from its radius.",),
        params=(arg("radius", "number", "The radius.", _LENGTH_ARG, lo=0, aliases=("r",)),),
        clauses=("calculate the volume of a sphere[ with radius {radius}]",),
        questions=("What's the volume of a sphere of radius {radius}?",),
        answer="The volume is {volume}.",
        run=lambda radius: {"volume": round(4 / 3 * math.pi * radius**3, 4)},
    ),
    Family(
        key="cylinder_volume",
        domain="geometry",
        names=("cylinder volume", "calculate cylinder volume"),
        docs=("Volume of a cylinder from its radius and height.",),
        params=(
            arg("radius", "number", "The radius.", _LENGTH_ARG, lo=0, aliases=("r",)),
            arg("height", "number", "The height.", _LENGTH_ARG, lo=0, aliases=("h",)),
        ),
        clauses=("compute the volume of a cylinder with radius {radius} and height {height}",),
        answer="The cylinder holds {volume}.",
        run=lambda radius, height: {"volume": round(math.pi * radius**2 * height, 4)},
    ),
    Family(
        key="hypotenuse",
        domain="geometry",
        names=("hypotenuse", "calculate hypotenuse", "right triangle hypotenuse"),
        docs=("Hypotenuse of a right triangle from its two legs.",),
        params=(
            arg("a", "number", "One leg.", _LENGTH_ARG, lo=0, aliases=("leg_a", "side_a")),
            arg("b", "number", "The other leg.", _LENGTH_ARG, lo=0, aliases=("leg_b",)),
        ),
        clauses=("find the hypotenuse of a right triangle with legs {a} and {b}",),
        questions=("How long is the hypotenuse if the legs are {a} and {b}?",),
        answer="The hypotenuse is {hypotenuse}.",
        run=lambda a, b: {"hypotenuse": round(math.hypot(a, b), 4)},
    ),
    Family(
        key="point_distance",
        domain="geometry",
        names=("distance between points", "point distance", "euclidean distance"),
        docs=("Straight-line distance between two points in the plane.",),
        params=(
            arg(
                "point_a",
                "object",
                "First point {x, y}.",
                points(),
                fields=(("x", "number"), ("y", "number")),
                aliases=("start", "p1"),
            ),
            arg(
                "point_b",
                "object",
                "Second point {x, y}.",
                points(),
                fields=(("x", "number"), ("y", "number")),
                aliases=("end", "p2"),
            ),
        ),
        clauses=(
            "compute the distance between the points {point_a} and {point_b}",
            "measure how far {point_a} is from {point_b}",
        ),
        answer="The distance is {distance}.",
        run=lambda point_a, point_b: {
            "distance": round(
                math.dist((point_a["x"], point_a["y"]), (point_b["x"], point_b["y"])), 4
            )
        },
    ),
)

STATISTICS_FAMILIES = (
    Family(
        key="mean",
        domain="statistics",
        names=("calculate mean", "average", "mean", "compute average"),
        docs=("Arithmetic mean of a list of numbers.",),
        params=(arg("numbers", "number[]", "The numbers.", _NUMS, **_NUMS_ARG),),
        clauses=("calculate the average of {numbers}", "find the mean of {numbers}"),
        questions=("What is the average of {numbers}?",),
        answer="The mean is {mean}.",
        run=lambda numbers: {"count": len(numbers), "mean": round(statistics.fmean(numbers), 4)},
    ),
    Family(
        key="median",
        domain="statistics",
        names=("calculate median", "median", "find median"),
        docs=("Median of a list of numbers.",),
        params=(arg("numbers", "number[]", "The numbers.", _NUMS, **_NUMS_ARG),),
        clauses=("find the median of {numbers}", "compute the median value of {numbers}"),
        questions=("What's the median of {numbers}?",),
        answer="The median is {median}.",
        run=lambda numbers: {"median": statistics.median(numbers)},
    ),
    Family(
        key="standard_deviation",
        domain="statistics",
        names=("standard deviation", "calculate std dev", "std dev", "compute stdev"),
        docs=("Standard deviation of a list of numbers (population unless sample is set).",),
        params=(
            arg("numbers", "number[]", "The numbers.", _NUMS, **_NUMS_ARG),
            flag(
                "sample",
                "Sample rather than population deviation.",
                ("sample ",),
                ("population ",),
                default=False,
                aliases=("is_sample",),
            ),
        ),
        clauses=(
            "compute the [{sample}]standard deviation of {numbers}",
            "calculate the [{sample}]standard deviation for {numbers}",
        ),
        answer="The standard deviation is {standard_deviation}.",
        run=_stdev,
    ),
    Family(
        key="percentile",
        domain="statistics",
        names=("percentile", "calculate percentile", "get percentile"),
        docs=("A percentile of a list of numbers (linear interpolation).",),
        params=(
            arg("numbers", "number[]", "The numbers.", _NUMS, **_NUMS_ARG),
            arg(
                "percentile",
                "number",
                "Which percentile, 0-100.",
                ints(5, 95),
                lo=0,
                hi=100,
                aliases=("p", "q"),
            ),
        ),
        clauses=("find the value at percentile {percentile} of {numbers}",),
        questions=("What is percentile {percentile} of {numbers}?",),
        answer="Percentile {percentile} is {value}.",
        run=_percentile,
    ),
    Family(
        key="correlation",
        domain="statistics",
        names=("correlation", "pearson correlation", "calculate correlation"),
        docs=("Pearson correlation between two equally long lists of numbers.",),
        params=(
            arg(
                "x",
                "number[]",
                "First list.",
                number_lists(1, 50, (4, 6)),
                aliases=("first", "series_a"),
            ),
            arg(
                "y",
                "number[]",
                "Second list.",
                number_lists(1, 50, (4, 6)),
                aliases=("second", "series_b"),
            ),
        ),
        clauses=(
            "compute the correlation between {x} and {y}",
            "find the Pearson correlation of x = {x} and y = {y}",
        ),
        answer="The correlation is {correlation}.",
        run=_correlation,
        valid=lambda a: (
            len(a["x"]) == len(a["y"]) and len(set(a["x"])) > 1 and len(set(a["y"])) > 1
        ),
    ),
    Family(
        key="z_score",
        domain="statistics",
        names=("z score", "calculate z score", "standard score"),
        docs=("How many standard deviations a value lies from the mean.",),
        params=(
            arg("value", "number", "The value.", numbers(0, 200), aliases=("x",)),
            arg("mean", "number", "The mean.", numbers(50, 150), aliases=("mu",)),
            arg(
                "std_dev",
                "number",
                "The standard deviation.",
                numbers(1, 30),
                lo=0.000001,
                aliases=("sigma", "sd"),
                noun="standard deviation",
            ),
        ),
        clauses=(
            "compute the z-score of {value} with mean {mean} and standard deviation {std_dev}",
        ),
        answer="The z-score is {z}.",
        run=lambda value, mean, std_dev: {"z": round((value - mean) / std_dev, 4)},
    ),
)
