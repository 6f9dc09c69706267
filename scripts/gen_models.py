#!/usr/bin/env python3
"""Writes Swift model structs from compact property lists transcribed from shared/spec/graph-security.md.

Run once when a model is added; its output is committed and then edited like any source file.
Usage: scripts/gen_models.py OUTPUT.swift < spec.txt
Spec lines:  "type SwiftName csdlName [doc words]" then "  prop Type" lines; Type is S B I L D T J (untyped JSON),
an enum or object Swift name, with [..] for collections; "!nofilter" after a property turns off $filter.
"""
import sys

keywords = {"protocol", "default", "internal", "public", "private", "operator", "repeat", "extension"}

def ident(name):
    return f"`{name}`" if name in keywords else name

prim = {"S": "String", "B": "Bool", "I": "Int32", "L": "Int64", "D": "Double", "T": "DateTimeOffset", "J": "JSONValue"}

def main():
    out_path = sys.argv[1]
    header = sys.argv[2] if len(sys.argv) > 2 else ""
    blocks, cur = [], None
    for raw in sys.stdin.read().splitlines():
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        if raw.startswith("type "):
            parts = raw.split(maxsplit=3)
            cur = {"swift": parts[1], "csdl": parts[2], "doc": parts[3] if len(parts) > 3 else "", "props": []}
            blocks.append(cur)
        else:
            words = raw.split()
            cur["props"].append((words[0], words[1], "!nofilter" in words))
    lines = [header, ""] if header else []
    for b in blocks:
        doc = b["doc"] or f"`{b['csdl']}`."
        lines.append(f"/// {doc}")
        lines.append(f"public struct {b['swift']}: GraphObject {{")
        for name, t, _ in b["props"]:
            coll = t.startswith("[")
            base = t.strip("[]")
            swift = prim.get(base, base)
            lines.append(f"    public var {ident(name)}: {'[' + swift + ']' if coll else swift}?")
        lines.append("    public var passthrough = Passthrough()")
        lines.append("")
        lines.append("    public init() {}")
        lines.append("")
        lines.append(f"    public static let graphSchema = ObjectSchema<Self>(\"{b['csdl']}\", [")
        for name, t, nofilter in b["props"]:
            extra = ", filterable: false" if nofilter or t.strip('[]') == "J" else ""
            lines.append(f"        Field(\"{name}\", \\.{ident(name)}, {{ $0.pointee.{ident(name)} }}{extra}),")
        lines.append("    ])")
        lines.append("}")
        lines.append("")
    open(out_path, "w").write("\n".join(lines))

main()
