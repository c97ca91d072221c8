"""The briefing's pictures, drawn on the server with matplotlib (no browser, no network): bars of
coverage, and the network with its legend in a column of its own beside it, never over it.

Colours are the explorer's (`static/js/palette.js`): the red-amber-green coverage scale that
spends its colours between 80% and 100%, so a picture and the screen read alike.
"""

from __future__ import annotations

import io
import itertools
import logging
import math
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from graph_service.reports.fonts import path_of
from graph_service.reports.wording import Language, share, words

DPI = 200
CM = 1 / 2.54
COVERAGE_STOPS = ((0.8, (215, 48, 39)), (0.9, (244, 165, 60)), (1.0, (26, 152, 80)))
NO_STAIRWELLS = "#a9b1bb"
STREET = "#2f3b4c"
EDGE = "#c5ccd4"
INK = "#1f2933"


def coverage_colour(value: float | None) -> str:
    """The explorer's colour for a covered share (grey when there is nothing to cover)."""
    if value is None or math.isnan(value):
        return NO_STAIRWELLS
    clamped = max(value, COVERAGE_STOPS[0][0])
    for (s0, c0), (s1, c1) in itertools.pairwise(COVERAGE_STOPS):
        if clamped <= s1:
            f = (clamped - s0) / (s1 - s0)
            r, g, b = (round(v0 + f * (v1 - v0)) for v0, v1 in zip(c0, c1, strict=True))
            return f"#{r:02x}{g:02x}{b:02x}"
    r, g, b = COVERAGE_STOPS[-1][1]
    return f"#{r:02x}{g:02x}{b:02x}"


def bars_height_cm(bars: int) -> float:
    """Height of a bar chart of `bars` bars: readable, and never taller than a page's body."""
    return min(19.5, max(5.0, 0.42 * bars + 1.8))


@contextmanager
def _figure(width_cm: float, height_cm: float) -> Iterator[Any]:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import font_manager
    from matplotlib import pyplot as plt

    hei = path_of("hei")
    # The face has one weight (500); matplotlib says so each time it looks for "normal".
    logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)
    font_manager.fontManager.addfont(str(hei))
    family = font_manager.FontProperties(fname=str(hei)).get_name()
    with matplotlib.rc_context(
        {
            "font.family": family,
            "font.weight": 500,
            "font.size": 8,
            "axes.unicode_minus": False,
            "svg.fonttype": "none",
        }
    ):
        fig = plt.figure(figsize=(width_cm * CM, height_cm * CM), dpi=DPI)
        try:
            yield fig
        finally:
            plt.close(fig)


def _png(fig: Any) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()


def coverage_bars(items: Sequence[tuple[str, float | None]], language: Language) -> bytes:
    """Horizontal bars of stairwell coverage, one per area, in the order given, each with its
    share written at its end; the axis spans the shares (not 0-100%) so differences show."""
    height = bars_height_cm(len(items))
    values = [v for _, v in items if v is not None]
    low = min(values, default=0.8)
    start = max(0.0, math.floor((min(low, 0.95) - 0.03) * 20) / 20)
    with _figure(15.0, height) as fig:
        ax = fig.add_axes((0.24, 0.9 / height + 0.02, 0.68, 1 - 1.5 / height))
        labels = [str(label) for label, _ in items][::-1]
        shares = [v for _, v in items][::-1]
        ax.barh(
            labels,
            [(v if v is not None else start) - start for v in shares],
            left=start,
            color=[coverage_colour(v) for v in shares],
            height=0.7,
        )
        for y, value in enumerate(shares):
            x = value if value is not None else start
            ax.text(x + 0.002, y, share(value), va="center", fontsize=6.5, color=INK)
        ax.set_xlim(start, 1.04)
        ticks = [t / 100 for t in range(round(start * 100), 101, 5)]
        ax.set_xticks(ticks, [f"{round(t * 100)}%" for t in ticks])
        ax.tick_params(axis="y", labelsize=7 if len(items) < 20 else 6)
        ax.set_xlabel(words(language)["c_share"])
        ax.spines[["top", "right"]].set_visible(False)
        ax.axvline(1.0, color=EDGE, linewidth=0.6)
        return _png(fig)


def _layout(rows: Sequence[dict[str, Any]], level: str) -> tuple[dict[str, Any], list[Any]]:
    """Place keys → (x, y, households, coverage, name, kind) in a radial tree (the place in the
    middle, its communities on a ring, their grids on an outer ring within the community's
    sector), and the part-of edges."""
    communities: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        if row["community_id"]:
            communities.setdefault(row["community_id"], []).append(row)

    def totals(group: list[dict[str, Any]]) -> tuple[int, float | None]:
        stairwells = sum(int(r["stairwells"] or 0) for r in group)
        covered = sum(int(r["covered_stairwells"] or 0) for r in group)
        households = sum(int(r["households"] or 0) for r in group)
        return households, (covered / stairwells if stairwells else None)

    nodes: dict[str, Any] = {}
    edges: list[Any] = []
    street = level == "Street"
    if street:
        households, coverage = totals(list(rows))
        root = f"Street:{rows[0]['street_id']}"
        nodes[root] = (0.0, 0.0, households, coverage, rows[0]["street_name"], "Street")
    ring_c, ring_g = (1.0, 2.1) if street else (0.0, 1.0)
    grids_total = max(sum(1 for r in rows if r["grid_id"]), 1)
    turned = math.pi / 2  # the first community at the top
    for community_id, group in sorted(communities.items()):
        grids = [r for r in group if r["grid_id"]]
        # Each community's sector is as wide as its share of the grids.
        sector = 2 * math.pi * max(len(grids), 1) / grids_total if street else 2 * math.pi
        middle = turned - sector / 2
        households, coverage = totals(group)
        key = f"Community:{community_id}"
        cx, cy = ring_c * math.cos(middle), ring_c * math.sin(middle)
        nodes[key] = (cx, cy, households, coverage, group[0]["community_name"], "Community")
        if street:
            edges.append((root, key))
        for j, grid in enumerate(grids):
            angle = turned - sector * (j + 0.5) / len(grids)
            grid_key = f"Grid:{grid['grid_id']}"
            _, grid_coverage = totals([grid])
            nodes[grid_key] = (
                ring_g * math.cos(angle), ring_g * math.sin(angle),
                int(grid["households"] or 0), grid_coverage, grid["grid_name"], "Grid",
            )  # fmt: skip
            edges.append((key, grid_key))
        turned -= sector
    return nodes, edges


def _area(households: int, biggest: int) -> float:
    """Marker area (pt²) proportional to households."""
    return 30 + 900 * households / max(biggest, 1)


def network_picture(rows: Sequence[dict[str, Any]], level: str, language: Language) -> bytes:
    """The place's street–community–grid network (the explorer's overview), sized by
    households and coloured by stairwell coverage, with the legend in its own column."""
    w = words(language)
    nodes, edges = _layout(rows, level)
    below = [v for v in nodes.values() if v[5] != "Street"]
    biggest = max((v[2] for v in below if v[5] == "Grid"), default=1)
    top = max((v[2] for v in below if v[5] == "Community"), default=1)
    with _figure(15.5, 10.5) as fig:
        ax = fig.add_axes((0.0, 0.0, 0.72, 1.0))
        legend = fig.add_axes((0.74, 0.04, 0.25, 0.92))
        for a, b in edges:
            ax.plot([nodes[a][0], nodes[b][0]], [nodes[a][1], nodes[b][1]], color=EDGE, lw=0.7,
                    zorder=1)  # fmt: skip
        for x, y, households, coverage, name, kind in nodes.values():
            if kind == "Street":
                ax.scatter([x], [y], s=260, c=STREET, marker="s", zorder=3)
                ax.annotate(name, (x, y), xytext=(0, -14), textcoords="offset points",
                            ha="center", fontsize=8, color=INK, zorder=4)  # fmt: skip
                continue
            size = _area(households, top if kind == "Community" else biggest)
            size = size * (1.0 if kind == "Community" else 0.35 if level == "Street" else 1.0)
            ax.scatter([x], [y], s=size, c=coverage_colour(coverage), edgecolors="white",
                       linewidths=0.6, zorder=3 if kind == "Community" else 2)  # fmt: skip
            if kind == "Community" or level != "Street":
                ax.annotate(name, (x, y), xytext=(0, 11 if kind == "Community" else 9),
                            textcoords="offset points", ha="center", fontsize=7, color=INK,
                            zorder=4)  # fmt: skip
        ax.set_aspect("equal")
        ax.margins(0.08)
        ax.axis("off")

        legend.axis("off")
        legend.set_xlim(0, 1)
        legend.set_ylim(0, 1)
        legend.text(0, 0.97, w["legend_title"], fontsize=9, va="top")
        legend.text(0, 0.89, w["legend_colour"], fontsize=7.5, va="top")
        swatches = [(1.0, "100%"), (0.95, "95%"), (0.9, "90%"), (0.85, "85%"), (0.8, "≤80%"),
                    (None, w["legend_none"])]  # fmt: skip
        for i, (value, label) in enumerate(swatches):
            y = 0.82 - i * 0.055
            legend.scatter([0.08], [y], s=60, c=coverage_colour(value))
            legend.text(0.2, y, label, fontsize=7, va="center")
        legend.text(0, 0.45, w["legend_size"], fontsize=7.5, va="top")
        for i, fraction in enumerate((1.0, 0.5, 0.1)):
            y = 0.37 - i * 0.075
            households = max(1, round(biggest * fraction))
            shrink = 0.35 if level == "Street" else 1.0
            legend.scatter([0.08], [y], s=_area(households, biggest) * shrink, c="none",
                           edgecolors=INK, linewidths=0.6)  # fmt: skip
            legend.text(0.25, y, str(households), fontsize=7, va="center")
        legend.plot([0.0, 0.16], [0.1, 0.1], color=EDGE, lw=1)
        legend.text(0.2, 0.1, w["legend_edge"], fontsize=7, va="center")
        if level == "Street":
            legend.scatter([0.08], [0.03], s=60, c=STREET, marker="s")
            legend.text(0.2, 0.03, w["level_street"], fontsize=7, va="center")
        return _png(fig)
