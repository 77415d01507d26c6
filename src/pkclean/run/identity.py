"""What names a run, so that shards and checkpoints of other runs are refused, not mixed in.

A run's identity is a flat mapping (pkclean version, format and its options, the cleaning
options, a digest of the input paths, the shard count…) kept in a shard's manifest and a
checkpoint's folder; two identities are compared field by field.
"""

from __future__ import annotations

from collections.abc import Mapping

#: How an error names each field of an identity that differs.
LABELS = {
    "pkclean": "pkclean version",
    "format": "format",
    "format_options": "format options (--excel-safe)",
    "settings": "cleaning options (--strict, --min-basis, --max-bytes, --time-limit, "
    "--publication, --urls)",
    "inputs": "input paths",
    "shards": "shard count",
    "shard": "shard",
    "every": "--checkpoint-every",
    "split_bytes": "size over which web archives are split by page",
}


def differences(one: Mapping[str, object], two: Mapping[str, object]) -> list[str]:
    """The fields in which two identities differ, as an error names them.

    >>> differences({"format": "csv", "inputs": "1"}, {"format": "tei", "inputs": "1"})
    ['format']
    """
    keys = sorted(key for key in {*one, *two} if one.get(key) != two.get(key))
    return [LABELS.get(key, key) for key in keys]
