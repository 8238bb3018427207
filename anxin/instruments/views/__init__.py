"""Instrument pages. Each module lists its own routes; they share the `instruments` namespace."""
