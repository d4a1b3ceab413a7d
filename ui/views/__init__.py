"""One Streamlit script per page of the explorer (run by `st.navigation`, not imported)."""
