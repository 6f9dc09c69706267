#!/usr/bin/env python3
"""Writes GraphEnum structs from lines "SwiftName csdlName member(value), member(value), ..." on stdin.

Run once when an enum is added; its output is committed. Usage: scripts/gen_enums.py OUTPUT.swift "header" < spec
"""
import re, sys

keywords = {"none", "default", "repeat", "protocol", "internal", "public", "private", "new", "self", "Type"}

out = [sys.argv[2], ""] if len(sys.argv) > 2 else []
for line in sys.stdin.read().splitlines():
    if not line.strip():
        continue
    swift, csdl, members = line.split(maxsplit=2)
    ms = re.findall(r'(\w+)\((-?\d+)\)', members)
    out.append(f"/// `{csdl}`.")
    out.append(f"public struct {swift}: GraphEnum {{")
    out.append("    public let rawValue: String")
    out.append("    public init(rawValue: String) { self.rawValue = rawValue }")
    out.append(f"    public static let schema = EnumSchema(\"{csdl.split('.')[-1]}\", [")
    cur = "       "
    for n, v in ms:
        item = f' "{n}": {v},'
        if len(cur) + len(item) > 118:
            out.append(cur); cur = "       "
        cur += item
    out.append(cur)
    out.append("    ])")
    for n, v in ms:
        name = f"`{n}`" if n in keywords else n
        out.append(f"    public static let {name}: Self = \"{n}\"")
    out.append("}")
    out.append("")
open(sys.argv[1], "w").write("\n".join(out))
