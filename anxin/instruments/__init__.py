"""Instruments: assessment scales as versioned data, scored by pure functions, and the responses
given to clients.

definitions.py (the engine), library/ (the tables), scoring.py (score()), registry.py (code →
versions), models.py (responses, client links), actions.py (recording, links), selectors.py and
trends.py (reads, history charts), views/ and api/ (pages, the stateless scoring API).
"""
