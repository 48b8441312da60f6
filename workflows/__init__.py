"""Ferry's workflow engine: graph model, validation, executor, node SDK and built-in nodes.

Plain Python on purpose: nothing here imports Django or Celery, so the engine is unit-tested in
milliseconds and the backend is only one of its possible hosts.
"""
