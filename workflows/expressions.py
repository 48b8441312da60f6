"""JSONata, behind one module so the engine can change engines without touching nodes.

API (stable): ``compile_expression(source) -> Expression`` (cached per source text),
``Expression.evaluate(data, bindings=None)``, ``ExpressionError`` with ``code``, ``position``
and a message naming the position.
"""
