"""Cross-cutting tests: webhook to run to live event, across the backend and the engine."""
