"""Pure transformations of the shop-to-ERP integration: money, addresses, statuses, variants.

No I/O and no Django: each function takes plain values (and tables passed in) and returns plain
values, so the same code serves the nodes, the JSONata functions and the tests.
"""
