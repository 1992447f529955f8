"""What an import changed, in lines (`Added`, `Removed`, `Changed` and the keys of the records),
for the records other than actions and recommendations, which the command describes in the
words of the What changed page.
"""

from __future__ import annotations

from planpress.core.model import Plan
from planpress.exchange.rowkeys import keyed
from planpress.exchange.tables import TABLES
from planpress.exchange.workbook import canonical_rows


def describe(before: Plan, after: Plan) -> list[str]:
    """What the import changed in the records other than actions and recommendations (those
    the command says in the words of the What changed page, which the rendering layer has)."""
    lines = []
    for table in TABLES:
        if table.name in ("actions", "recommendations"):
            continue
        old = keyed(table, canonical_rows(table, before))
        new = keyed(table, canonical_rows(table, after))
        added = [k for k in new if k not in old]
        gone = [k for k in old if k not in new]
        edited = [k for k in new if k in old and new[k] != old[k]]
        for verb, keys in (("Added", added), ("Removed", gone), ("Changed", edited)):
            if keys:
                noun = table.kind if len(keys) == 1 else table.sheet.lower()
                if table.name == "glossary":
                    noun = "glossary term" if len(keys) == 1 else "glossary terms"
                lines.append(f"{verb} {noun}: " + ", ".join("/".join(k) for k in keys))
    return lines
