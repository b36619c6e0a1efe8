#!/usr/bin/env python3
"""Regenerates the settings table of docs/configuration.md from broker-server/src/main/resources/broker.properties.

broker.properties is the single source of every key, its default and its description (the comment lines above it);
this script turns it into the reference table between the GENERATED markers. A test (ConfigurationDocTest) fails
when the document and the file disagree, so run this after adding a key:  python3 scripts/gen-config-doc.py
"""
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parent.parent
PROPS = ROOT / "broker-server/src/main/resources/broker.properties"
DOC = ROOT / "docs/configuration.md"
BEGIN, END = "<!-- GENERATED: settings -->", "<!-- END GENERATED -->"


def env_name(key: str) -> str:
    upper = re.sub(r"[.-]", "_", key.upper())
    return upper if upper.startswith("MQTT_") else "MQTT_" + upper


def rows():
    section, comment = None, []
    for line in PROPS.read_text(encoding="utf-8").splitlines():
        s = line.strip()
        if s.startswith("# ----"):
            section = s.strip("# -").strip()
            comment = []
            yield ("section", section)
        elif s.startswith("#"):
            comment.append(s.lstrip("#").strip())
        elif "=" in s:
            key, value = s.split("=", 1)
            yield ("key", key.strip(), value.strip(), " ".join(comment))
            comment = []
        else:
            comment = []


def table() -> str:
    out = []
    for row in rows():
        if row[0] == "section":
            out += ["", f"### {row[1]}", "", "| key | environment variable | default | meaning |", "|---|---|---|---|"]
        else:
            _, key, value, text = row
            default = f"`{value}`" if value else "(empty)"
            out.append(f"| `{key}` | `{env_name(key)}` | {default} | {text.replace('|', '&#124;')} |")
    return "\n".join(out).strip() + "\n"


def main():
    doc = DOC.read_text(encoding="utf-8")
    start, end = doc.index(BEGIN) + len(BEGIN), doc.index(END)
    DOC.write_text(doc[:start] + "\n" + table() + doc[end:], encoding="utf-8")


if __name__ == "__main__":
    main()
