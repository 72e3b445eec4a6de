"""Charts: the author's API (`registry`: `ChartRegistry`, `Facts`, `Screen`), the charts' look (`look`:
colours, a figure in the site's style), running a story's chart functions (`build`), their pictures made at
build time (`pictures`), and their words (`words`) and markup (`markup`) wherever a chart is shown.

A story's chart module imports what it needs from here: `from storykit.charts import ChartRegistry, Facts,
Screen, ACCENT, new_figure`.
"""

from .look import (ACCENT, BAND, BLUE, GREEN, GRID, LINE, MUTED, NEUTRAL, PURPLE, SKY, TEXT, TRANSPARENT, count_axis,
                   label_above_rows, new_figure, wrap)
from .registry import ChartRegistry, DailyValue, Facts, Screen, plotly_text

__all__ = ["ACCENT", "BAND", "BLUE", "GREEN", "GRID", "LINE", "MUTED", "NEUTRAL", "PURPLE", "SKY", "TEXT",
           "TRANSPARENT", "ChartRegistry", "DailyValue", "Facts", "Screen", "count_axis", "label_above_rows",
           "new_figure", "plotly_text", "wrap"]
