"""Ferry's built-in nodes: triggers, JSONata mapping, flow control, HTTP, delays, sub-workflows."""
