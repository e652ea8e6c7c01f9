"""The progress chart's words: its alternative text. The chart itself is a value
(:class:`toolkit.packet.Chart`) that the Word layer draws as a native, editable Word chart
(:mod:`toolkit.word.chart`); every other format shows this text and the table of the same
numbers that stands beside the chart in the report. No chart library is imported.
"""

from __future__ import annotations

from toolkit.progress.log import Day


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
