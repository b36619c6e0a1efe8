#!/usr/bin/env python3
"""Regenerates the operations table of docs/admin-api.md from the OpenAPI document the broker serves
(admin-api/src/main/resources/openapi/openapi.json merged with openapi/paths/*.json). OpenApiDocTest fails when the
document and this page disagree:  python3 scripts/gen-api-doc.py
"""
import json
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent
OPENAPI = ROOT / "admin-api/src/main/resources/openapi"
DOC = ROOT / "docs/admin-api.md"
BEGIN, END = "<!-- GENERATED: operations -->", "<!-- END GENERATED -->"
METHODS = ("get", "post", "put", "delete", "patch")


def endpoints():
    paths = dict(json.loads((OPENAPI / "openapi.json").read_text()).get("paths", {}))
    for fragment in sorted((OPENAPI / "paths").glob("*.json")):
        paths.update(json.loads(fragment.read_text()).get("paths", {}))
    for path, ops in paths.items():
        for method, op in ops.items():
            if method in METHODS:
                auth = "no" if op.get("security") == [] else "yes"
                summary = (op.get("summary") or op.get("operationId") or "").replace("|", "&#124;")
                yield f"| `{method.upper()} {path}` | {auth} | {summary} |"


def main():
    doc = DOC.read_text(encoding="utf-8")
    start, end = doc.index(BEGIN) + len(BEGIN), doc.index(END)
    table = "\n| operation | credentials | what it does |\n|---|---|---|\n" + "\n".join(endpoints()) + "\n"
    DOC.write_text(doc[:start] + table + doc[end:], encoding="utf-8")


if __name__ == "__main__":
    main()
