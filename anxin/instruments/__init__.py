"""The instrument library: assessment instruments as versioned data, scored by pure functions.

No models or views yet; not in INSTALLED_APPS. See definitions.py (the engine), library/ (the
tables), scoring.py (score()) and registry.py (code → versions).
"""
