"""Function families that compute: money, physics and chemistry, health."""

from __future__ import annotations

import re
from typing import Any

from openlam.learning._synth.spec import Family, arg, choice, opt
from openlam.learning._synth.values import (
    FORMULAS,
    ints,
    numbers,
    pick,
)

_ELEMENTS = {"H": 1.008, "C": 12.011, "N": 14.007, "O": 15.999, "Na": 22.99, "Cl": 35.45}
_ELEMENTS |= {"S": 32.06, "Ca": 40.078, "K": 39.098, "Fe": 55.845, "Mg": 24.305, "P": 30.974}
_MET = {"running": 9.8, "walking": 3.5, "cycling": 7.5, "swimming": 8.0, "yoga": 2.5}
_MET |= {"hiking": 6.0, "rowing": 7.0, "dancing": 5.0}
_MONEY = numbers(20, 2000)
_RATE = numbers(1, 12, 1)


def _loan(principal: float, annual_rate: float, years: int) -> dict[str, Any]:
    months, rate = years * 12, annual_rate / 1200
    payment = principal / months if rate == 0 else principal * rate / (1 - (1 + rate) ** -months)
    return {
        "monthly_payment": round(payment, 2),
        "total_interest": round(payment * months - principal, 2),
    }


def _molar_mass(formula: str) -> dict[str, Any]:
    parts = re.findall(r"([A-Z][a-z]?)(\d*)", formula)
    if not parts or "".join(e + n for e, n in parts) != formula:
        raise ValueError(f"{formula!r} is not a chemical formula such as H2O or C6H12O6")
    unknown = [e for e, _ in parts if e not in _ELEMENTS]
    if unknown:
        raise ValueError(f"no atomic mass known for {unknown[0]}; known: {', '.join(_ELEMENTS)}")
    mass = sum(_ELEMENTS[e] * int(n or 1) for e, n in parts)
    return {"formula": formula, "molar_mass": round(mass, 3)}


def _bmi(weight_kg: float, height_cm: float) -> dict[str, Any]:
    bmi = round(weight_kg / (height_cm / 100) ** 2, 1)
    bands = ((18.5, "underweight"), (25, "normal"), (30, "overweight"))
    category = next((name for limit, name in bands if bmi < limit), "obese")
    return {"bmi": bmi, "category": category}


FINANCE_FAMILIES = (
    Family(
        key="loan_payment",
        domain="finance",
        names=("calculate loan payment", "loan payment", "monthly payment", "compute mortgage"),
        docs=("Monthly payment of a fixed-rate loan.", "Amortized loan payment per month."),
        params=(
            arg(
                "principal",
                "number",
                "Amount borrowed.",
                numbers(1000, 500000, 0),
                lo=1,
                aliases=("loan_amount", "amount"),
                noun="loan amount",
            ),
            arg(
                "annual_rate",
                "number",
                "Yearly interest rate in percent.",
                _RATE,
                lo=0,
                aliases=("interest_rate", "rate"),
                noun="interest rate",
            ),
            arg(
                "years",
                "integer",
                "Term in years.",
                ints(1, 30),
                lo=1,
                hi=50,
                aliases=("term_years", "term"),
                noun="loan term",
            ),
        ),
        clauses=(
            "calculate the monthly payment on a {principal} loan at {annual_rate}% "
            "over {years} years",
            "work out what I'd pay each month for a loan of {principal}[ at {annual_rate}%"
            " interest] over {years} years",
        ),
        answer="The monthly payment is {monthly_payment}, {total_interest} interest in total.",
        run=_loan,
    ),
    Family(
        key="compound_interest",
        domain="finance",
        names=("compound interest", "calculate compound interest", "future value"),
        docs=("Value of a deposit after compound interest.",),
        params=(
            arg(
                "principal",
                "number",
                "Starting amount.",
                _MONEY,
                lo=0,
                aliases=("initial_amount", "deposit"),
                noun="starting amount",
            ),
            arg(
                "annual_rate",
                "number",
                "Yearly rate in percent.",
                _RATE,
                lo=0,
                aliases=("rate",),
                noun="interest rate",
            ),
            arg("years", "integer", "Years invested.", ints(1, 40), lo=0, aliases=("term",)),
            opt(
                "compounds_per_year",
                "integer",
                "Compounding periods a year.",
                ints(1, 12),
                12,
                lo=1,
                hi=365,
                aliases=("frequency",),
            ),
        ),
        clauses=(
            "calculate what {principal} grows to at {annual_rate}% over {years} years"
            "[ compounded {compounds_per_year} times a year]",
            "compute the compound interest on {principal} at {annual_rate}% for {years} "
            "years[ with {compounds_per_year} compounding periods per year]",
        ),
        answer="It grows to {final_amount}.",
        run=lambda principal, annual_rate, years, compounds_per_year: {
            "final_amount": round(
                principal
                * (1 + annual_rate / 100 / compounds_per_year) ** (compounds_per_year * years),
                2,
            )
        },
    ),
    Family(
        key="tip",
        domain="finance",
        names=("calculate tip", "tip calculator", "split bill"),
        docs=("Tip and total of a bill, optionally split between people.",),
        params=(
            arg(
                "bill_amount",
                "number",
                "The bill.",
                numbers(10, 400),
                lo=0,
                aliases=("bill", "amount"),
                noun="bill amount",
            ),
            arg(
                "tip_percent",
                "number",
                "Tip in percent.",
                ints(10, 25),
                lo=0,
                aliases=("tip_rate", "percentage"),
                noun="tip percentage",
            ),
            opt(
                "people",
                "integer",
                "People sharing the bill.",
                ints(2, 8),
                1,
                lo=1,
                aliases=("split", "num_people"),
            ),
        ),
        clauses=(
            "calculate a {tip_percent}% tip on a bill of {bill_amount}[ split between "
            "{people} people]",
            "work out the tip for a {bill_amount} bill at {tip_percent}%[ for {people} people]",
        ),
        answer="Tip {tip}, total {total}, {per_person} per person.",
        run=lambda bill_amount, tip_percent, people: {
            "tip": round(bill_amount * tip_percent / 100, 2),
            "total": round(bill_amount * (1 + tip_percent / 100), 2),
            "per_person": round(bill_amount * (1 + tip_percent / 100) / people, 2),
        },
    ),
    Family(
        key="sales_tax",
        domain="finance",
        names=("calculate sales tax", "add tax", "price with tax", "vat"),
        docs=("Tax and total for a price at a tax rate.",),
        params=(
            arg("price", "number", "Price before tax.", _MONEY, lo=0, aliases=("amount",)),
            arg(
                "tax_rate",
                "number",
                "Tax rate in percent.",
                numbers(2, 25, 1),
                lo=0,
                aliases=("rate",),
                noun="tax rate",
            ),
        ),
        clauses=(
            "add {tax_rate}% tax to a price of {price}",
            "calculate the sales tax on {price} at {tax_rate}%",
        ),
        answer="Tax is {tax}, making {total}.",
        run=lambda price, tax_rate: {
            "tax": round(price * tax_rate / 100, 2),
            "total": round(price * (1 + tax_rate / 100), 2),
        },
    ),
    Family(
        key="return_on_investment",
        domain="finance",
        names=("return on investment", "calculate roi", "roi"),
        docs=("Return on an investment in percent.",),
        params=(
            arg(
                "initial_value",
                "number",
                "What was invested.",
                _MONEY,
                lo=0.01,
                aliases=("cost", "invested"),
                noun="amount invested",
            ),
            arg(
                "final_value",
                "number",
                "What it is worth now.",
                _MONEY,
                lo=0,
                aliases=("current_value",),
                noun="current value",
            ),
        ),
        clauses=(
            "compute the ROI of an investment that went from {initial_value} to {final_value}",
        ),
        questions=(
            "What's my return if I invested {initial_value} and it's now worth {final_value}?",
        ),
        answer="The return is {roi_percent}%.",
        run=lambda initial_value, final_value: {
            "roi_percent": round(100 * (final_value - initial_value) / initial_value, 2)
        },
    ),
    Family(
        key="discount",
        domain="finance",
        names=("apply discount", "discount price", "calculate discount"),
        docs=("Price after a percentage discount.",),
        params=(
            arg("price", "number", "Original price.", _MONEY, lo=0, aliases=("amount",)),
            arg(
                "discount_percent",
                "number",
                "Discount in percent.",
                ints(5, 70),
                lo=0,
                hi=100,
                aliases=("discount", "percent_off"),
                noun="discount",
            ),
        ),
        clauses=(
            "take {discount_percent}% off a price of {price}",
            "apply a {discount_percent}% discount to {price}",
        ),
        answer="The price becomes {final_price}, saving {saved}.",
        run=lambda price, discount_percent: {
            "final_price": round(price * (1 - discount_percent / 100), 2),
            "saved": round(price * discount_percent / 100, 2),
        },
    ),
)

SCIENCE_FAMILIES = (
    Family(
        key="kinetic_energy",
        domain="science",
        names=("kinetic energy", "calculate kinetic energy", "compute kinetic energy"),
        docs=("Kinetic energy in joules of a mass moving at a speed.",),
        params=(
            arg("mass", "number", "Mass in kg.", numbers(0.1, 2000), lo=0, aliases=("m",)),
            arg("velocity", "number", "Speed in m/s.", numbers(0.5, 100), aliases=("speed",)),
        ),
        clauses=("compute the kinetic energy of a {mass} kg object moving at {velocity} m/s",),
        questions=("What is the kinetic energy of {mass} kg at {velocity} m/s?",),
        answer="It has {energy_joules} J.",
        run=lambda mass, velocity: {"energy_joules": round(0.5 * mass * velocity**2, 3)},
    ),
    Family(
        key="resistance",
        domain="science",
        names=("calculate resistance", "ohms law", "resistance"),
        docs=("Resistance in ohms from voltage and current (Ohm's law).",),
        params=(
            arg("voltage", "number", "Volts.", numbers(1, 240), aliases=("volts", "v")),
            arg(
                "current",
                "number",
                "Amperes.",
                numbers(0.1, 20),
                lo=0.000001,
                aliases=("amps", "i"),
            ),
        ),
        clauses=(
            "use Ohm's law to find the resistance for {voltage} V and {current} A",
            "calculate the resistance of a circuit with {voltage} volts and {current} amps",
        ),
        answer="The resistance is {ohms} ohms.",
        run=lambda voltage, current: {"ohms": round(voltage / current, 4)},
    ),
    Family(
        key="molar_mass",
        domain="science",
        names=("molar mass", "calculate molar mass", "molecular weight"),
        docs=("Molar mass in g/mol of a chemical formula.",),
        params=(
            arg(
                "formula",
                "string",
                "Formula such as H2O.",
                pick(FORMULAS),
                aliases=("compound", "molecule"),
            ),
        ),
        clauses=("compute the molar mass of {formula}", "find the molecular weight of {formula}"),
        questions=("What is the molar mass of {formula}?",),
        answer="{formula} has a molar mass of {molar_mass} g/mol.",
        run=_molar_mass,
    ),
    Family(
        key="ideal_gas_pressure",
        domain="science",
        names=("ideal gas pressure", "gas pressure", "calculate pressure"),
        docs=("Pressure in atm of an ideal gas (PV = nRT).",),
        params=(
            arg("moles", "number", "Amount in mol.", numbers(0.1, 10), lo=0, aliases=("n",)),
            arg(
                "temperature",
                "number",
                "Temperature in kelvin.",
                numbers(200, 600),
                lo=0,
                aliases=("temp_k",),
            ),
            arg(
                "volume",
                "number",
                "Volume in liters.",
                numbers(1, 100),
                lo=0.000001,
                aliases=("volume_l",),
            ),
        ),
        clauses=("find the pressure of {moles} mol of ideal gas at {temperature} K in {volume} L",),
        answer="The pressure is {pressure_atm} atm.",
        run=lambda moles, temperature, volume: {
            "pressure_atm": round(moles * 0.082057 * temperature / volume, 4)
        },
    ),
    Family(
        key="free_fall",
        domain="science",
        names=("free fall", "fall time", "calculate free fall"),
        docs=("Time and impact speed of an object dropped from a height.",),
        params=(
            arg(
                "height",
                "number",
                "Height in meters.",
                numbers(1, 500),
                lo=0,
                aliases=("drop_height",),
            ),
            opt(
                "gravity",
                "number",
                "Acceleration in m/s^2.",
                numbers(1.6, 24.8),
                9.81,
                lo=0.000001,
                aliases=("g",),
            ),
        ),
        clauses=(
            "compute how long an object takes to fall {height} m[ with gravity {gravity} m/s^2]",
        ),
        answer="It falls for {seconds} s and hits at {speed} m/s.",
        run=lambda height, gravity: {
            "seconds": round((2 * height / gravity) ** 0.5, 3),
            "speed": round((2 * height * gravity) ** 0.5, 3),
        },
    ),
    Family(
        key="density",
        domain="science",
        names=("calculate density", "density"),
        docs=("Density from mass and volume.",),
        params=(
            arg("mass", "number", "Mass in grams.", numbers(1, 1000), lo=0, aliases=("m",)),
            arg(
                "volume", "number", "Volume in cm^3.", numbers(1, 500), lo=0.000001, aliases=("v",)
            ),
        ),
        clauses=("calculate the density of an object with mass {mass} g and volume {volume} cm^3",),
        answer="The density is {density} g/cm^3.",
        run=lambda mass, volume: {"density": round(mass / volume, 4)},
    ),
    Family(
        key="bmi",
        domain="health",
        names=("calculate bmi", "body mass index", "bmi"),
        docs=("Body mass index from weight and height.",),
        params=(
            arg(
                "weight_kg",
                "number",
                "Weight in kg.",
                numbers(40, 130, 1),
                lo=1,
                aliases=("weight",),
                noun="weight",
            ),
            arg(
                "height_cm",
                "number",
                "Height in cm.",
                ints(145, 205),
                lo=30,
                aliases=("height",),
                noun="height",
            ),
        ),
        clauses=(
            "calculate the BMI of someone who is {height_cm} cm tall[ and weighs {weight_kg} kg]",
            "compute my body mass index: {weight_kg} kg[, {height_cm} cm]",
        ),
        answer="The BMI is {bmi} ({category}).",
        run=_bmi,
    ),
    Family(
        key="calories_burned",
        domain="health",
        names=("calories burned", "estimate calories", "exercise calories"),
        docs=("Calories burned by an activity.",),
        params=(
            choice("activity", "The exercise.", {k: (k,) for k in _MET}, aliases=("exercise",)),
            arg(
                "minutes",
                "integer",
                "Duration.",
                ints(10, 120),
                lo=1,
                aliases=("duration",),
                noun="duration",
            ),
            opt(
                "weight_kg",
                "number",
                "Body weight in kg.",
                ints(45, 120),
                70,
                lo=1,
                aliases=("weight",),
            ),
        ),
        clauses=(
            "estimate the calories burned by {minutes} minutes of {activity}[ for someone "
            "of {weight_kg} kg]",
        ),
        questions=(
            "How many calories does {minutes} minutes of {activity} burn[ at {weight_kg} kg]?",
        ),
        answer="About {calories} kcal.",
        run=lambda activity, minutes, weight_kg: {
            "calories": round(_MET[activity] * 3.5 * weight_kg / 200 * minutes)
        },
    ),
)
