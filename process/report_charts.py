"""Horizontal bar charts as inline SVG: no script, no web font, prints as it shows."""

from markupsafe import Markup, escape

WIDTH = 440
LABEL_WIDTH = 210
BAR_SPACE = 170
ROW = 22
PAIRED_ROW = 30
NOW_COLOUR = "#1d3d5c"
BEFORE_COLOUR = "#9aa8b8"
LABEL_CHARS = 34


def bar_chart(bars: list[tuple[str, float | None, float | None]], unit: str = "", title: str = "") -> Markup:
    """One bar per (label, value, previous); the previous value, when given, as a thin grey bar."""
    paired = any(previous is not None for _, _, previous in bars)
    row = PAIRED_ROW if paired else ROW
    top = 20 if paired else 4
    height = top + row * len(bars) + 4
    scale = _scale(bars, unit)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="grafiek" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" role="img" aria-label="{escape(title)}" '
        'font-family="Helvetica, Arial, sans-serif" font-size="11">',
        f"<title>{escape(title)}</title>",
    ]
    if paired:
        parts.append(_legend())
    for index, (label, value, previous) in enumerate(bars):
        parts.append(_row(top + index * row, label, value, previous if paired else None, scale, unit))
    parts.append("</svg>")
    return Markup("".join(parts))


def _row(y: int, label: str, value, previous, scale: float, unit: str) -> str:
    shown = label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"
    thick = 12 if previous is not None else 14
    parts = [
        f"<g><title>{escape(label)}: {_value(value, unit)}</title>",
        f'<text x="{LABEL_WIDTH - 6}" y="{y + 11}" text-anchor="end" fill="#1b1f24">{escape(shown)}</text>',
        _bar(y, value, scale, thick, NOW_COLOUR, unit),
    ]
    if previous is not None:
        parts.append(_bar(y + thick + 1, previous, scale, 6, BEFORE_COLOUR, unit, small=True))
    parts.append("</g>")
    return "".join(parts)


def _bar(y: int, value, scale: float, thick: int, colour: str, unit: str, small=False) -> str:
    width = 0 if value is None else round(value * scale, 1)
    text_y = y + (thick - 1 if not small else 6)
    size = ' font-size="9"' if small else ""
    return (
        f'<rect x="{LABEL_WIDTH}" y="{y}" width="{width}" height="{thick}" fill="{colour}"/>'
        f'<text x="{LABEL_WIDTH + width + 4}" y="{text_y}" fill="#4a5563"{size}>{_value(value, unit)}</text>'
    )


def _legend() -> str:
    return (
        f'<rect x="{LABEL_WIDTH}" y="2" width="10" height="10" fill="{NOW_COLOUR}"/>'
        f'<text x="{LABEL_WIDTH + 14}" y="11">deze periode</text>'
        f'<rect x="{LABEL_WIDTH + 90}" y="5" width="10" height="5" fill="{BEFORE_COLOUR}"/>'
        f'<text x="{LABEL_WIDTH + 104}" y="11">vorige periode</text>'
    )


def _scale(bars, unit: str) -> float:
    highest = max((v for _, *values in bars for v in values if v is not None), default=0)
    top = 100 if unit == "%" else max(highest, 1)
    return (BAR_SPACE - 40) / top


def _value(value, unit: str) -> str:
    if value is None:
        return "-"
    text = (
        f"{value:.1f}".replace(".", ",")
        if isinstance(value, float) and not value.is_integer()
        else f"{value:g}"
    )
    return f"{text}{unit}"
