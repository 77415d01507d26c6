"""What the workers' fork server imports: the pipeline, with every layout's rules compiled.

Workers are forked from that server, so each starts with the patterns ready instead of
compiling them (about 60 ms) on its first documents.
"""

from __future__ import annotations

from ..clean.layouts import compile_rules
from . import batch  # noqa: F401  (the pipeline the workers run)

compile_rules()
