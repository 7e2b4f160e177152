"""Extractors that read meaning a keyword search misses: quantities, authorities, polarity."""
