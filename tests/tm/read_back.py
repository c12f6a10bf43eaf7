"""Reads TMX and XLIFF 2.0 files with Translate Toolkit (a CAT-tool library) and prints the pairs
it finds as JSON, for tests/tm.rs to compare with what kbgen exported.

Usage: python3 tests/tm/read_back.py tmx FILE SOURCE_LANG TARGET_LANG
       python3 tests/tm/read_back.py xliff FILE
"""
import json
import sys

kind, path = sys.argv[1], sys.argv[2]
pairs = []
if kind == "tmx":
    from translate.storage import tmx

    with open(path, "rb") as f:
        store = tmx.tmxfile(f, sourcelanguage=sys.argv[3], targetlanguage=sys.argv[4])
    for unit in store.units:
        pairs.append([unit.getid(), unit.source, unit.target])
else:
    from translate.storage import xliff2

    with open(path, "rb") as f:
        store = xliff2.Xliff2File(f)
    for unit in store.units:
        pairs.append([unit.getid(), unit.source, unit.target])
print(json.dumps(pairs, ensure_ascii=False))
