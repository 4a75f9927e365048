"""Confidence intervals and the paired test that come with every evaluation's rates."""

from __future__ import annotations

import pytest

from openlam.evaluation._stats import (
    binomial_two_sided,
    mean_rate_interval,
    paired,
    wilson_interval,
)


@pytest.mark.parametrize(
    ("successes", "n", "low", "high"),
    [
        (0, 20, 0.0, 0.1611),  # 0 of 20 is not "exactly 0%"
        (10, 20, 0.2993, 0.7007),
        (20, 20, 0.8389, 1.0),
        (65, 106, 0.5181, 0.7004),  # worked by hand
        (1, 2, 0.0945, 0.9055),
    ],
)
def test_wilson_interval_matches_the_textbook_values(
    successes: int, n: int, low: float, high: float
) -> None:
    got = wilson_interval(successes, n)
    assert got == pytest.approx((low, high), abs=1e-4)


def test_wilson_interval_of_nothing_is_everything_and_bad_counts_are_refused() -> None:
    assert wilson_interval(0, 0) == (0.0, 1.0)
    with pytest.raises(ValueError, match=r"within 0\.\.n"):
        wilson_interval(3, 2)


def test_mean_rate_interval_covers_the_true_mean_of_many_tiny_samples() -> None:
    import random

    rng = random.Random(7)
    hits = 0
    for _ in range(400):  # 50 tasks of 2 episodes each, as a MiniWoB++ sample of 2 seeds
        rates = [rng.random() for _ in range(50)]
        counts = [(sum(rng.random() < p for _ in range(2)), 2) for p in rates]
        low, high = mean_rate_interval(counts)
        hits += low <= sum(rates) / 50 <= high
    assert hits / 400 > 0.93


def test_mean_rate_interval_contains_the_mean_and_narrows_with_more_episodes() -> None:
    small = mean_rate_interval([(5, 20), (10, 20), (0, 20)])
    large = mean_rate_interval([(50, 200), (100, 200), (0, 200)])
    mean = (0.25 + 0.5 + 0.0) / 3
    assert small[0] < mean < small[1]
    assert large[0] < mean < large[1]
    assert large[1] - large[0] < (small[1] - small[0]) / 2
    # a category at 0% still counts as uncertain
    assert mean_rate_interval([(0, 20)])[1] > 0.05
    assert mean_rate_interval([]) == (0.0, 1.0)


def test_binomial_two_sided_is_the_exact_sign_test() -> None:
    assert binomial_two_sided(0, 5) == pytest.approx(2 / 32)
    assert binomial_two_sided(5, 5) == pytest.approx(2 / 32)
    assert binomial_two_sided(3, 6) == 1.0
    assert binomial_two_sided(0, 0) == 1.0
    assert binomial_two_sided(1, 10) == pytest.approx(2 * 11 / 1024)


def test_paired_counts_only_shared_episodes_and_says_when_a_sample_cannot_tell() -> None:
    first = {"a@1": True, "a@2": False, "b@1": True, "c@1": True}
    second = {"a@1": True, "a@2": True, "b@1": False, "d@1": False}
    result = paired(first, second)
    assert (result.episodes, result.both, result.only_first, result.only_second) == (3, 1, 1, 1)
    assert result.p_value == 1.0
    assert "no significant difference" in result.verdict(("base", "tuned"))
    assert "tuned solved 1 that base did not, and lost 1" in result.verdict(("base", "tuned"))


def test_paired_names_the_better_run_when_the_split_is_lopsided() -> None:
    first = {f"t@{i}": False for i in range(12)}
    second = {f"t@{i}": i < 10 for i in range(12)}
    result = paired(first, second)
    assert result.p_value == pytest.approx(2 / 1024)
    assert result.verdict(("base", "tuned")).startswith(
        "tuned solved 10 that base did not, and lost 0: tuned is better"
    )
    nothing = paired({}, {})
    assert (nothing.episodes, nothing.p_value) == (0, 1.0)
