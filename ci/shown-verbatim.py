"""Exits 1 when README.md does not show each given file verbatim, naming each one missing, so
that what ci/ and editors/ verify is what readers copy. Paths are relative to the repository root.
Used by ci/ci-examples-test.sh and editors/verify.sh."""
import os
import sys

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
with open(os.path.join(root, "README.md"), encoding="utf-8") as f:
    readme = f.read()
missing = []
for name in sys.argv[1:]:
    with open(os.path.join(root, name), encoding="utf-8") as f:
        if f.read() not in readme:
            missing.append(name)
for name in missing:
    print(f"   not shown verbatim in README.md: {name}")
sys.exit(1 if missing else 0)
