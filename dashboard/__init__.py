"""kitei dashboard (Streamlit): the pages are in ``views/``, the glue in :mod:`dashboard.services`."""
