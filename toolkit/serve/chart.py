"""The progress page's chart as inline SVG: minutes in school per logged day (bars), each
phase's daily target (a dashed line over its days) and the distress rating (dots, 0–10 on the
right-hand scale). It is the same picture the report's Word chart draws, made without any
library or script; its text alternative is the report's own (``toolkit.progress.chart``).
"""

from __future__ import annotations

from html import escape

from toolkit.serve.i18n import _

WIDTH, HEIGHT = 900, 360
LEFT, RIGHT, TOP, BOTTOM = 56, 48, 16, 44
INK, BAR, TARGET, DISTRESS, GRID = "#1b1b1b", "#1d4f91", "#b10e1e", "#6b3fa0", "#b1b4b6"


def minutes_svg(days, targets: dict[int, int | None], day_minutes: int, description: str) -> str:
    """Return the chart of ``days`` as an ``<svg>`` element (role img, titled and described)."""
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    count = max(len(days), 1)
    step = plot_w / count
    bar_w = max(step * 0.7, 1.0)

    def y_minutes(value: float) -> float:
        return TOP + plot_h * (1 - min(value, day_minutes) / day_minutes)

    def y_distress(value: float) -> float:
        return TOP + plot_h * (1 - value / 10)

    title = _("Minutes in school on each logged day")
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        'aria-labelledby="chart-title chart-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="chart-title">{escape(title)}</title>',
        f'<desc id="chart-desc">{escape(description)}</desc>',
    ]
    for tick in range(0, day_minutes + 1, 60):
        y = y_minutes(tick)
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="{GRID}" stroke-width="1"/>'
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="12" '
            f'fill="{INK}">{tick}</text>'
        )
    for value in range(0, 11, 2):
        y = y_distress(value)
        parts.append(
            f'<text x="{WIDTH - RIGHT + 6}" y="{y + 4:.1f}" font-size="12" '
            f'fill="{DISTRESS}">{value}</text>'
        )
    for i, day in enumerate(days):
        x = LEFT + i * step + (step - bar_w) / 2
        y = y_minutes(day.minutes)
        parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" '
            f'height="{TOP + plot_h - y:.1f}" fill="{BAR}"/>'
        )
    start = 0
    for i in range(1, len(days) + 1):
        if i == len(days) or days[i].phase != days[start].phase:
            target = targets.get(days[start].phase)
            if target is not None:
                y = y_minutes(target)
                parts.append(
                    f'<line x1="{LEFT + start * step:.1f}" x2="{LEFT + i * step:.1f}" '
                    f'y1="{y:.1f}" y2="{y:.1f}" stroke="{TARGET}" stroke-width="3" '
                    'stroke-dasharray="8 5"/>'
                )
            start = i
    for i, day in enumerate(days):
        cx = LEFT + i * step + step / 2
        parts.append(
            f'<circle cx="{cx:.1f}" cy="{y_distress(day.distress):.1f}" r="4" fill="{DISTRESS}"/>'
        )
    axis_y = TOP + plot_h
    parts.append(
        f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{axis_y}" y2="{axis_y}" stroke="{INK}"/>'
    )
    if days:
        first, last = days[0].date.isoformat(), days[-1].date.isoformat()
        parts.append(
            f'<text x="{LEFT}" y="{HEIGHT - 22}" font-size="12" fill="{INK}">{first}</text>'
            f'<text x="{WIDTH - RIGHT}" y="{HEIGHT - 22}" font-size="12" text-anchor="end" '
            f'fill="{INK}">{last}</text>'
        )
    key = _("Bars: minutes in school. Dashes: the daily target. Dots: distress (0–10, right).")
    parts.append(
        f'<text x="{LEFT}" y="{HEIGHT - 4}" font-size="12" fill="{INK}">{escape(key)}</text></svg>'
    )
    return "".join(parts)
