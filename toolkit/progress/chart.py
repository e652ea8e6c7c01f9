"""The progress chart: minutes in school per logged day against each phase's target, phase
boundaries, and the distress rating on a second axis. Drawn to read in black-and-white print:
bars and a line with markers, targets dashed, no meaning carried by colour alone.

matplotlib is imported here only, when a chart is drawn.
"""

from __future__ import annotations

import io
from functools import lru_cache

from toolkit.progress.log import Day


def minutes_chart(days: list[Day], targets: dict[int, int | None], day_minutes: int) -> bytes:
    """Return a PNG of minutes per day (bars), targets (dashed), distress (line, right axis).

    The same data always makes the same chart, so it is drawn once per process (a batch of
    cases that share a log pays for one drawing).
    """
    points = tuple((d.date, d.phase, d.entered, d.minutes, d.distress) for d in days)
    return _draw(points, tuple(sorted(targets.items())), day_minutes)


@lru_cache(maxsize=64)
def _draw(points: tuple, targets_items: tuple, day_minutes: int) -> bytes:
    days = [
        Day(date, phase, entered, minutes, 0, distress, None, "", 0)
        for date, phase, entered, minutes, distress in points
    ]
    targets = dict(targets_items)
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    matplotlib.rcParams.update({"font.size": 9, "font.family": "DejaVu Sans"})
    x = list(range(len(days)))
    labels = [f"{d.date.strftime('%b')} {d.date.day}" for d in days]
    fig = Figure(figsize=(7.5, 3.8), dpi=130)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    ax.bar(
        x,
        [d.minutes for d in days],
        color="#b8c4d0",
        edgecolor="#243b53",
        linewidth=0.6,
        label="Minutes in school",
        zorder=2,
    )
    for i, day in enumerate(days):
        if not day.entered:
            ax.text(i, 4, "did not\nenter", ha="center", va="bottom", fontsize=6)
    # each phase's target as a dashed step over its days; boundaries as thin vertical lines
    start = 0
    target_labelled = False
    for i in range(1, len(days) + 1):
        if i == len(days) or days[i].phase != days[start].phase:
            phase = days[start].phase
            target = targets.get(phase)
            if target is not None:
                ax.hlines(
                    target,
                    start - 0.45,
                    i - 0.55,
                    colors="black",
                    linestyles="--",
                    linewidth=1.4,
                    zorder=3,
                    label=None if target_labelled else "Phase target (minutes)",
                )
                target_labelled = True
            ax.text(
                (start + i - 1) / 2,
                day_minutes * 1.02,
                f"Phase {phase}",
                ha="center",
                va="bottom",
                fontsize=8,
                fontweight="bold",
            )
            if i < len(days):
                ax.axvline(i - 0.5, color="black", linewidth=0.8, zorder=1)
            start = i
    ax.set_ylim(0, day_minutes * 1.12)
    ax.set_ylabel("Minutes in school")
    ax.set_xticks(x)
    ax.set_xticklabels(labels, rotation=45, ha="right", fontsize=7)
    ax.set_xlim(-0.6, len(days) - 0.4)
    ax.spines[["top"]].set_visible(False)
    ax.grid(axis="y", color="#dddddd", linewidth=0.5, zorder=0)
    right = ax.twinx()
    right.plot(
        x,
        [d.distress for d in days],
        color="black",
        marker="o",
        markersize=4,
        markerfacecolor="white",
        linewidth=1.2,
        linestyle=":",
        label="Distress (0–10)",
        zorder=4,
    )
    right.set_ylim(0, 10 * 1.12)
    right.set_yticks(range(0, 11, 2))
    right.set_ylabel("Distress rating (0 calm – 10 worst)")
    right.spines[["top"]].set_visible(False)
    handles, names = ax.get_legend_handles_labels()
    more, more_names = right.get_legend_handles_labels()
    ax.legend(
        handles + more,
        names + more_names,
        loc="upper center",
        fontsize=7,
        frameon=False,
        ncol=3,
        bbox_to_anchor=(0.5, -0.2),
    )
    fig.subplots_adjust(left=0.08, right=0.9, top=0.93, bottom=0.27)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()


def alt_text(days: list[Day], targets: dict[int, int | None], name: str) -> str:
    """Return the chart's alternative text: what a reader who cannot see it needs to know."""
    if not days:
        return "No days logged yet."
    first, last = days[0], days[-1]
    phases = sorted({d.phase for d in days})
    parts = [
        f"Bar chart of the minutes {name} spent in school on each of {len(days)} logged school "
        f"days from {first.date.isoformat()} to {last.date.isoformat()}, covering phase"
        f"{'s' if len(phases) > 1 else ''} {', '.join(map(str, phases))}."
    ]
    for phase in phases:
        mine = [d for d in days if d.phase == phase]
        target = targets.get(phase)
        low = min(d.minutes for d in mine)
        high = max(d.minutes for d in mine)
        text = f"Phase {phase}: {len(mine)} days, {low:g} to {high:g} minutes"
        if target is not None:
            text += f", target {target} minutes"
        text += (
            f", distress from {mine[0].distress:g} on the first day to "
            f"{mine[-1].distress:g} on the last."
        )
        parts.append(text)
    return " ".join(parts)
