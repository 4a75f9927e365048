"""Small SVG charts for evaluation reports, written by hand (no plotting dependency).

Each function returns one ``<svg>`` element as a string: it can be inlined in an HTML page or
written to a ``.svg`` file as is. Styling is done with attributes, not CSS classes, so a chart
looks the same in both places. Every piece of text (task names, agent names, titles) goes
through ``_text``, which drops characters XML forbids and escapes markup, so a task called
``<script>`` is drawn as those characters and never becomes an element.
"""

from __future__ import annotations

import bisect
import html
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

ValueFormat = Callable[[float], str]

PALETTE = ("#4c72b0", "#dd8452", "#55a868", "#c44e52", "#8172b3", "#937860", "#da8bc3")
"""Series colours, in order (colour-blind-friendly first two: the two runs of a comparison)."""

_FONT = "system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif"
_INK = "#222"
_MUTED = "#777"
_GRID = "#e3e3e3"
_CHAR_WIDTH = 6.6  # average width of a 12px sans-serif character, to size label columns
_XML_FORBIDDEN = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_COLOUR = re.compile(r"#[0-9a-fA-F]{3,8}|[a-z]{3,20}")


@dataclass(frozen=True)
class Bar:
    """One bar of a bar chart; ``note`` is shown on hover (e.g. ``12 episodes``)."""

    label: str
    value: float
    note: str = ""


@dataclass(frozen=True)
class Series:
    """One named set of values, one per category (``None`` where the series has no value),
    optionally with an interval per value (drawn as a whisker across the bar)."""

    name: str
    values: Sequence[float | None]
    intervals: Sequence[tuple[float, float] | None] = ()


@dataclass(frozen=True)
class Point:
    """One point of a scatter plot; ``label`` is shown on hover."""

    x: float
    y: float
    label: str = ""


def percent(value: float) -> str:
    """``0.834`` → ``83%`` (a rate as a whole percentage)."""
    return f"{value * 100:.0f}%"


def number(value: float) -> str:
    """A value with as many decimals as its size needs: ``1,234``, ``12.5``, ``0.35``, ``0``."""
    if value == 0:
        return "0"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def bar_chart(
    bars: Sequence[Bar],
    *,
    title: str,
    scale_max: float | None = None,
    fmt: ValueFormat = number,
    colour: str = PALETTE[0],
    width: int = 760,
) -> str:
    """Horizontal bars, one row per label, with the value written after each bar.

    Rows stay 16 px high whatever their number, so a chart of 130 tasks grows tall instead of
    squeezing its labels; long labels are cut with an ellipsis and shown whole on hover.
    """
    series = [Series(name="", values=[bar.value for bar in bars])]
    notes = [[bar.note] for bar in bars]
    return _horizontal(
        [bar.label for bar in bars],
        series,
        title=title,
        scale_max=scale_max,
        fmt=fmt,
        colours=[colour],
        width=width,
        notes=notes,
    )


def grouped_bar_chart(
    categories: Sequence[str],
    series: Sequence[Series],
    *,
    title: str,
    scale_max: float | None = None,
    fmt: ValueFormat = number,
    colours: Sequence[str] = PALETTE,
    width: int = 760,
) -> str:
    """Horizontal bars grouped by category, one bar per series, with a legend.

    A missing value (``None``) is written as ``n/a`` where its bar would be, so a suite that one
    agent was not run on reads as missing, not as zero.
    """
    for one in series:
        if len(one.values) != len(categories):
            raise ValueError(
                f"series {one.name!r} has {len(one.values)} values for {len(categories)} categories"
            )
        if one.intervals and len(one.intervals) != len(categories):
            raise ValueError(
                f"series {one.name!r} has {len(one.intervals)} intervals for "
                f"{len(categories)} categories"
            )
    notes = [[one.name for one in series] for _ in categories]
    return _horizontal(
        categories,
        series,
        title=title,
        scale_max=scale_max,
        fmt=fmt,
        colours=colours,
        width=width,
        notes=notes,
    )


def _horizontal(
    categories: Sequence[str],
    series: Sequence[Series],
    *,
    title: str,
    scale_max: float | None,
    fmt: ValueFormat,
    colours: Sequence[str],
    width: int,
    notes: Sequence[Sequence[str]],
) -> str:
    bar_height, gap = 12, 4
    row = bar_height * len(series) + gap * 2
    legend = 22 if len(series) > 1 else 0
    top, bottom = 28 + legend, 24
    label_chars = min(max((len(c) for c in categories), default=4), 40)
    left = 12 + label_chars * _CHAR_WIDTH
    plot_width = width - left - 60
    values = [v for one in series for v in one.values if v is not None]
    ticks = _ticks(scale_max if scale_max is not None else max([0.0, *values]))
    scale = plot_width / ticks[-1]
    height = top + row * max(len(categories), 1) + bottom
    parts = [_title(title, width)]
    if legend:
        parts.append(_legend([one.name for one in series], colours, left, 38))
    parts.extend(
        _vertical_grid(ticks, fmt, left=left, scale=scale, top=top, bottom=height - bottom)
    )
    for index, category in enumerate(categories):
        y = top + index * row + gap
        label = _cut(category, label_chars)
        parts.append(
            f'<text x="{left - 6:.1f}" y="{y + row / 2 - gap + 4:.1f}" text-anchor="end">'
            f"<title>{escape(category)}</title>{escape(label)}</text>"
        )
        for number_, one in enumerate(series):
            value = one.values[index]
            bar_y = y + number_ * bar_height
            parts.append(
                _bar(
                    value,
                    left=left,
                    y=bar_y,
                    height=bar_height,
                    scale=scale,
                    fmt=fmt,
                    colour=_colour(colours, number_),
                    hover=f"{category} {notes[index][number_]}".strip(),
                    interval=one.intervals[index] if one.intervals else None,
                )
            )
    if not categories:
        parts.append(_note("no data", left, top + 14))
    return _svg(width, height, parts)


def _bar(
    value: float | None,
    *,
    left: float,
    y: float,
    height: int,
    scale: float,
    fmt: ValueFormat,
    colour: str,
    hover: str,
    interval: tuple[float, float] | None = None,
) -> str:
    if value is None:
        return _note("n/a", left + 4, y + height - 2)
    length = max(value, 0.0) * scale
    hover_text = f"{hover}: {fmt(value)}"
    whisker = ""
    label_x = left + length + 4
    if interval is not None:
        low, high = (left + max(v, 0.0) * scale for v in interval)
        hover_text += f" (95% interval {fmt(interval[0])} to {fmt(interval[1])})"
        middle = y + (height - 1) / 2
        whisker = (
            f'<path d="M{low:.1f} {middle:.1f}H{high:.1f}M{low:.1f} {middle - 3:.1f}'
            f'V{middle + 3:.1f}M{high:.1f} {middle - 3:.1f}V{middle + 3:.1f}" '
            f'stroke="{_INK}" stroke-width="1" fill="none"/>'
        )
        label_x = max(label_x, high + 4)
    return (
        f'<rect x="{left:.1f}" y="{y:.1f}" width="{length:.1f}" height="{height - 1}" '
        f'fill="{colour}"><title>{escape(hover_text)}</title></rect>{whisker}'
        f'<text x="{label_x:.1f}" y="{y + height - 2:.1f}" font-size="10" '
        f'fill="{_INK}">{escape(fmt(value))}</text>'
    )


def histogram(
    samples: Sequence[tuple[str, Sequence[float]]],
    *,
    title: str,
    x_label: str,
    colours: Sequence[str] = PALETTE,
    width: int = 760,
    height: int = 260,
) -> str:
    """Counts of values per bin, one bar per named sample in each bin (shared bins).

    Whole numbers (steps per episode) get one bin per value when they span at most 30; wider
    ranges are cut into 20 equal bins.
    """
    everything = [v for _, values in samples for v in values]
    edges = _bin_edges(everything)
    counts = [_count(values, edges) for _, values in samples]
    left, right, top, bottom = 44, 16, 30 + (22 if len(samples) > 1 else 0), 40
    plot_w, plot_h = width - left - right, height - top - bottom
    ticks = _ticks(max([1, *(c for one in counts for c in one)]), counts=True)
    y_scale = plot_h / ticks[-1]
    slot = plot_w / max(len(edges) - 1, 1)
    bar_w = max(slot * 0.8 / max(len(samples), 1), 1.0)
    parts = [_title(title, width)]
    if len(samples) > 1:
        parts.append(_legend([name for name, _ in samples], colours, left, 38))
    parts.extend(
        _horizontal_grid(
            ticks, whole, left=left, right=width - right, base=top + plot_h, scale=y_scale
        )
    )
    for number_, (name, _) in enumerate(samples):
        for index, count in enumerate(counts[number_]):
            x = left + index * slot + slot * 0.1 + number_ * bar_w
            bar_h = count * y_scale
            hover = escape(f"{name} {_bin_label(edges, index)}: {count}".strip())
            parts.append(
                f'<rect x="{x:.1f}" y="{top + plot_h - bar_h:.1f}" width="{bar_w:.1f}" '
                f'height="{bar_h:.1f}" fill="{_colour(colours, number_)}">'
                f"<title>{hover}</title></rect>"
            )
    label_every = max(1, math.ceil((len(edges) - 1) / 20))
    for index in range(0, len(edges) - 1, label_every):
        x = left + (index + 0.5) * slot
        parts.append(
            f'<text x="{x:.1f}" y="{top + plot_h + 14}" text-anchor="middle" font-size="10">'
            f"{escape(_bin_label(edges, index))}</text>"
        )
    parts.append(_axis_label(x_label, left + plot_w / 2, height - 6))
    if not everything:
        parts.append(_note("no data", left + 8, top + 16))
    return _svg(width, height, parts)


def whole(value: float) -> str:
    """A tick value as a whole number (``3``)."""
    return f"{value:.0f}"


def _bin_edges(values: Sequence[float]) -> list[float]:
    if not values:
        return [0.0, 1.0]
    low, high = float(min(values)), float(max(values))
    if all(float(v).is_integer() for v in values) and high - low <= 30:
        return [low + i for i in range(int(high - low) + 2)]
    if high == low:
        return [low, low + 1]
    step = (high - low) / 20
    return [low + i * step for i in range(21)]


def _count(values: Sequence[float], edges: Sequence[float]) -> list[int]:
    counts = [0] * (len(edges) - 1)
    for value in values:  # the last bin also holds its upper edge
        counts[min(max(bisect.bisect_right(edges, value) - 1, 0), len(counts) - 1)] += 1
    return counts


def _bin_label(edges: Sequence[float], index: int) -> str:
    low, high = edges[index], edges[index + 1]
    if low.is_integer() and high - low == 1:
        return f"{low:.0f}"
    return f"{number(low)}–{number(high)}"


def scatter_plot(
    samples: Sequence[tuple[str, Sequence[Point]]],
    *,
    title: str,
    x_label: str,
    y_label: str,
    x_fmt: ValueFormat = number,
    y_fmt: ValueFormat = number,
    colours: Sequence[str] = PALETTE,
    width: int = 760,
    height: int = 300,
) -> str:
    """Points of one or more named samples on shared axes starting at zero."""
    points = [p for _, ps in samples for p in ps]
    left, right, top, bottom = 56, 20, 30 + (22 if len(samples) > 1 else 0), 42
    plot_w, plot_h = width - left - right, height - top - bottom
    x_ticks = _ticks(max([0.0, *(p.x for p in points)]))
    y_ticks = _ticks(max([0.0, *(p.y for p in points)]))
    x_scale, y_scale = plot_w / x_ticks[-1], plot_h / y_ticks[-1]
    parts = [_title(title, width)]
    if len(samples) > 1:
        parts.append(_legend([name for name, _ in samples], colours, left, 38))
    parts.extend(
        _horizontal_grid(
            y_ticks, y_fmt, left=left, right=width - right, base=top + plot_h, scale=y_scale
        )
    )
    x_tick_fmt = _tick_format(x_fmt, x_ticks)
    for tick in x_ticks:
        x = left + tick * x_scale
        parts.append(
            f'<text x="{x:.1f}" y="{top + plot_h + 14}" text-anchor="middle" font-size="10">'
            f"{escape(x_tick_fmt(tick))}</text>"
        )
    for number_, (name, sample) in enumerate(samples):
        colour = _colour(colours, number_)
        for point in sample:
            hover = escape(f"{name} {point.label}: {x_fmt(point.x)}, {y_fmt(point.y)}".strip())
            parts.append(
                f'<circle cx="{left + point.x * x_scale:.1f}" '
                f'cy="{top + plot_h - point.y * y_scale:.1f}" r="3" fill="{colour}" '
                f'fill-opacity="0.7"><title>{hover}</title></circle>'
            )
    parts.append(_axis_label(x_label, left + plot_w / 2, height - 6))
    parts.append(
        f'<text transform="translate(14 {top + plot_h / 2:.1f}) rotate(-90)" '
        f'text-anchor="middle" fill="{_MUTED}">{escape(y_label)}</text>'
    )
    if not points:
        parts.append(_note("no data", left + 8, top + 16))
    return _svg(width, height, parts)


def _ticks(top: float, *, counts: bool = False) -> list[float]:
    """About five round ticks from 0 to at least ``top`` (1, 2, 2.5 or 5 times a power of ten;
    whole numbers only for ``counts``)."""
    if not math.isfinite(top) or top <= 0:
        return [0.0, 1.0]
    raw = top / 5
    magnitude = 10 ** math.floor(math.log10(raw))
    factors = (1, 2, 5, 10) if counts and magnitude < 10 else (1, 2, 2.5, 5, 10)
    step = next(m * magnitude for m in factors if m * magnitude >= raw - 1e-12)
    if counts:
        step = max(step, 1)
    steps = math.ceil(top / step - 1e-9)
    return [i * step for i in range(steps + 1)]


def _tick_format(fmt: ValueFormat, ticks: Sequence[float]) -> ValueFormat:
    """``fmt``, except that plain numbers get the decimals of the tick step (0, 0.25, 0.5...)."""
    if fmt is not number or len(ticks) < 2:
        return fmt
    decimals = len(f"{ticks[1] - ticks[0]:.6f}".rstrip("0").partition(".")[2])
    return lambda value: f"{value:,.{decimals}f}"


def _vertical_grid(
    ticks: Sequence[float],
    fmt: ValueFormat,
    *,
    left: float,
    scale: float,
    top: float,
    bottom: float,
) -> list[str]:
    parts = []
    fmt = _tick_format(fmt, ticks)
    for tick in ticks:
        x = left + tick * scale
        parts.append(
            f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{bottom}" stroke="{_GRID}"/>'
            f'<text x="{x:.1f}" y="{bottom + 14}" text-anchor="middle" font-size="10" '
            f'fill="{_MUTED}">{escape(fmt(tick))}</text>'
        )
    return parts


def _horizontal_grid(
    ticks: Sequence[float],
    fmt: ValueFormat,
    *,
    left: float,
    right: float,
    base: float,
    scale: float,
) -> list[str]:
    parts = []
    fmt = _tick_format(fmt, ticks)
    for tick in ticks:
        y = base - tick * scale
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{right}" y2="{y:.1f}" stroke="{_GRID}"/>'
            f'<text x="{left - 6}" y="{y + 3:.1f}" text-anchor="end" font-size="10" '
            f'fill="{_MUTED}">{escape(fmt(tick))}</text>'
        )
    return parts


def _legend(names: Sequence[str], colours: Sequence[str], x: float, y: float) -> str:
    parts = []
    for number_, name in enumerate(names):
        parts.append(
            f'<rect x="{x:.1f}" y="{y - 9}" width="10" height="10" '
            f'fill="{_colour(colours, number_)}"/>'
            f'<text x="{x + 14:.1f}" y="{y}">{escape(_cut(name, 40))}</text>'
        )
        x += 28 + min(len(name), 40) * _CHAR_WIDTH * 1.1  # legend text is not squeezed
    return "".join(parts)


def _title(title: str, width: int) -> str:
    return (
        f'<text x="{width / 2:.1f}" y="18" text-anchor="middle" font-size="14" '
        f'font-weight="600">{escape(title)}</text>'
    )


def _axis_label(label: str, x: float, y: float) -> str:
    return f'<text x="{x:.1f}" y="{y}" text-anchor="middle" fill="{_MUTED}">{escape(label)}</text>'


def _note(text: str, x: float, y: float) -> str:
    return f'<text x="{x:.1f}" y="{y:.1f}" font-size="10" fill="{_MUTED}">{escape(text)}</text>'


def _svg(width: int, height: float, parts: Sequence[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height:.0f}" '
        f'viewBox="0 0 {width} {height:.0f}" font-family="{_FONT}" font-size="12" '
        f'fill="{_INK}" role="img">' + "".join(parts) + "</svg>"
    )


def _colour(colours: Sequence[str], index: int) -> str:
    """The ``index``-th colour, cycling; anything but a hex code or a plain name is refused."""
    colour = colours[index % len(colours)] if colours else PALETTE[0]
    if not _COLOUR.fullmatch(colour):
        raise ValueError(f"not a colour: {colour!r} (use #rrggbb or a plain name)")
    return colour


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def escape(text: str) -> str:
    """``text`` safe inside an XML element or attribute (markup escaped, forbidden chars gone)."""
    return html.escape(_XML_FORBIDDEN.sub("", text), quote=True)
