"""Analysis results and their renderers (JSON, Markdown, table, Excel)."""
