"""Entry script of the explorer: page set-up and navigation (`ptmkg ui` runs it).

Pages are scripts in views/ (not pages/: Streamlit would also
serve a pages/ folder as pages of its own), addressed by URL path: / (Find a model, the default page: Streamlit serves it at the
root, never at /search), /model?id=OWNER/NAME,
/families, /dashboards, /console.
"""

from __future__ import annotations

import streamlit as st

from ptmkg.ui import data

# No page icons: the current page's icon becomes the favicon, and Streamlit's frontend
# fetches a ":material/...:" favicon from fonts.gstatic.com (emoji need an emoji font the
# machine may lack). The default favicon ships with Streamlit. Material icons inside a
# page are fine: their font ships with Streamlit too.
st.set_page_config(page_title="ptmkg explorer", layout="wide")

PAGES = [
    st.Page("views/search.py", title="Find a model", url_path="search", default=True),
    st.Page("views/model.py", title="Model", url_path="model"),
    st.Page("views/families.py", title="Families", url_path="families"),
    st.Page("views/dashboards.py", title="Dashboards", url_path="dashboards"),
    st.Page("views/console.py", title="Query console", url_path="console"),
]

page = st.navigation(PAGES)
with st.sidebar:
    st.caption("ptmkg explorer: the supply chain of pre-trained models")
    st.caption(f"Store: `{data.store_label()}`")
page.run()
