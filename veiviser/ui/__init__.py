"""Streamlit pages and view helpers: the only package besides app.py that imports streamlit."""
