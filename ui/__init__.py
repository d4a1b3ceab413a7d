"""The ptmkg explorer: a Streamlit app over the graph (`ptmkg ui`, `ptmkg demo`).

`app.py` is the entry script (navigation), `views/` holds one script per page, `data.py`
the cached store access, `phylogeny.py` the lineage tree and its layout, `phylogeny_chart.py` its drawing, `components.py`
escaping and shared widgets. Everything it needs ships with it: no CDN, no web fonts.
"""

from pathlib import Path

APP = Path(__file__).resolve().parent / "app.py"
