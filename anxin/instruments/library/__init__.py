"""One module per instrument; each defines an `Instrument` (validated at import time)."""
