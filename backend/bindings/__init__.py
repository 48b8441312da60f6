"""Cross-reference of ids between the shop and Infor, the queue of unresolved ids, and the
reference tables (exchange rates, status tables) the transformation nodes read."""
