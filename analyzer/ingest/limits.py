"""Resource limits for reading untrusted input files.

Every reader is bounded by an :class:`IngestLimits`: file size, PDF page count, the
expansion of a DOCX zip, PDF extraction time and memory, and the length of one text
line (long lines are split so that downstream regular expressions stay cheap).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, replace

from analyzer.errors import ErrorCode, KiteiError

MB = 1024 * 1024

#: Environment variables read by :meth:`IngestLimits.from_env`, mapped to field names.
ENV_VARS: dict[str, str] = {
    "KITEI_MAX_BYTES": "max_bytes",
    "KITEI_MAX_PAGES": "max_pages",
}


@dataclass(frozen=True)
class IngestLimits:
    """Limits applied while reading one input file.

    Attributes:
        max_bytes: largest accepted file, in bytes (env ``KITEI_MAX_BYTES``).
        max_pages: largest accepted PDF page count (env ``KITEI_MAX_PAGES``).
        max_zip_total: largest total uncompressed size of a DOCX zip, in bytes.
        max_zip_entries: largest number of entries in a DOCX zip.
        max_zip_ratio: largest compression ratio of one DOCX zip entry (checked on
            entries larger than :attr:`zip_ratio_min_size`).
        zip_ratio_min_size: entries smaller than this are exempt from the ratio check
            (small, very repetitive XML parts are harmless).
        max_zip_xml: largest uncompressed XML part of a DOCX (lxml needs about ten
            times the XML size in memory, in the calling process).
        pdf_timeout: seconds allowed for PDF extraction (the worker is killed after).
        pdf_memory: address-space limit of the PDF worker process, in bytes.
        max_line_chars: longest block text; longer lines are split.
    """

    max_bytes: int = 50 * MB
    max_pages: int = 500
    max_zip_total: int = 200 * MB
    max_zip_entries: int = 2000
    max_zip_ratio: float = 100.0
    zip_ratio_min_size: int = 1 * MB
    max_zip_xml: int = 64 * MB
    pdf_timeout: float = 120.0
    pdf_memory: int = 2048 * MB
    max_line_chars: int = 2000

    def __post_init__(self) -> None:
        """Reject non-positive limits."""
        for name in (
            "max_bytes",
            "max_pages",
            "max_zip_total",
            "max_zip_entries",
            "max_zip_ratio",
            "max_zip_xml",
            "pdf_timeout",
            "pdf_memory",
            "max_line_chars",
        ):
            value = getattr(self, name)
            if not isinstance(value, int | float) or isinstance(value, bool) or value <= 0:
                raise KiteiError(ErrorCode.E302, detail=f"IngestLimits.{name}={value!r} (must be > 0)")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: int | float) -> IngestLimits:
        """Build limits from the defaults, the ``KITEI_*`` environment variables and overrides.

        Args:
            environ: the environment to read (defaults to ``os.environ``).
            **overrides: field values that win over the environment.

        Returns:
            The limits.

        Raises:
            KiteiError: E302 when an environment variable is not a positive integer.
        """
        env = os.environ if environ is None else environ
        values: dict[str, int | float] = {}
        for var, field_name in ENV_VARS.items():
            raw = env.get(var)
            if raw is None or not raw.strip():
                continue
            try:
                values[field_name] = int(raw.strip().replace("_", ""))
            except ValueError:
                raise KiteiError(ErrorCode.E302, detail=f"{var}={raw!r} (integer expected)") from None
        values.update(overrides)
        return replace(cls(), **values)


def human_size(size: int) -> str:
    """Format a byte count for messages, e.g. ``52.4 MB``."""
    if size >= MB:
        return f"{size / MB:.1f} MB"
    if size >= 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size} B"
