"""Ferry's built-in nodes: triggers, JSONata mapping, flow control, HTTP, delays, sub-workflows.

Each node's ``spec.ui`` gives the canvas form hints per config field, in this vocabulary:

- ``widget``: ``text``, ``number``, ``select``, ``jsonata``, ``json``, ``keyValue``, ``code`` or
  ``credentials``; without one the form picks from the field's JSON Schema type.
- ``options``: ``[{"value", "label"}]`` for a ``select`` (an enum without options shows its
  values); ``optionsSource`` names a dynamic list instead (``workflows``).
- ``placeholder``, ``help``: text shown in and under the input.
- ``showWhen``: ``{"otherField": value}``; the field is shown only when that field has that value.
- ``keyField``, ``valueField``, ``valueWidget``: a ``keyValue`` widget over an array of objects
  (switch rules, set fields); without them it edits a plain object of strings (headers).

Two keys are not config fields: ``connection`` (the node's connection picker, with
``credentialTypes`` when more than ``spec.credential_type`` is accepted) and ``outputsFrom``
(``{"field", "portField", "fallbackPort"}``: output ports built from config, as a switch does).
"""
