#!/usr/bin/env python3
"""Scaling families: does every kind of input cost time and memory linear in its size?

Run through bench/scaling-families.sh (which builds the release binary). Each family is a
generator of a Dockerfile from a size n, plus the command-line arguments to lint it with.
Each family is linted at four sizes, each double the one before. For each size this prints the
input bytes, the best wall time of R runs, the peak resident memory of the child process
(getrusage through wait4) and the output bytes, then the growth per doubling.

A family fails when
  - its time grows faster than MAX_GROWTH per doubling, measured from the smallest to the
    largest size: (t4 / t1) ** (1/3), with each time floored at TIME_FLOOR so that start-up
    noise cannot fail a family (a linear family grows about 2x, a quadratic one 4x);
  - its output grows faster than MAX_GROWTH per doubling (output linear in findings);
  - its memory per input byte is more than MEM_PER_BYTE: the growth of peak memory from the
    smallest to the largest size divided by the growth of the input (the slope, so that the
    fixed cost of the process does not count), less MEM_PER_OUTPUT_BYTE per byte of report
    growth (findings are held until the report is written, so a file that is nothing but
    findings may use memory in proportion to them), with MEM_SLACK for allocator noise;
  - the run crashes (exit code other than 0, 1), or is killed by the time or memory limit.
"""
import argparse
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time

MAX_GROWTH = 2.5
MEM_PER_BYTE = 256
MEM_PER_OUTPUT_BYTE = 8
MEM_SLACK = 4 << 20
TIME_FLOOR = 0.02
RUN_TIMEOUT = 30.0
RUN_MEMORY = 3 << 30  # address-space limit of a child: a blow-up is a failure, not a swap storm

ALL = ["--select", "ALL"]
FORMATS = ["human", "concise", "json", "sarif", "github", "gitlab", "checkstyle", "gnu"]


def lines(parts):
    return "".join(p + "\n" for p in parts)


# ---- generators: each takes n and returns (dockerfile text, extra files {name: text}) ----

def every_instruction(n):
    out = ["# syntax=docker/dockerfile:1", "ARG BASE=alpine:3.20"]
    for i in range(n):
        out += [
            f"# dockhand ignore=DH402 -- block {i}",
            f"FROM $BASE AS s{i}",
            f"ARG V{i}=1.{i}",
            f"ENV APP_{i}=/opt/app{i} PATH=/opt/app{i}/bin:$PATH",
            f'LABEL org.example.n{i}="{i}" maintainer="x"',
            "MAINTAINER someone@example.com",
            "SHELL [\"/bin/sh\", \"-c\"]",
            f"WORKDIR /opt/app{i}",
            "RUN apk add --no-cache ca-certificates curl && \\",
            f"    curl -fsSL https://example.com/{i}.sh | sh",
            f"RUN <<EOF\necho {i}\nEOF",
            f"COPY --chmod=755 --from=s{max(i - 1, 0)} /opt /opt",
            f"ADD https://example.com/f{i}.tar.gz /tmp/",
            "COPY . .",
            "RUN go build -a -o /out/app ./...",
            f"EXPOSE {1000 + i % 60000}/tcp",
            f"VOLUME /data{i}",
            "HEALTHCHECK --interval=30s CMD wget -q -O- http://localhost/ || exit 1",
            "STOPSIGNAL SIGTERM",
            "ONBUILD RUN echo onbuild",
            f"USER {1000 + i}",
            'ENTRYPOINT ["/opt/app/bin/app"]',
            'CMD ["--serve"]',
            "BOGUS instruction",
        ]
    return lines(out), {}


def findings_many_lines(n):
    out = []
    for i in range(n):
        out += [f"FROM ubuntu AS s{i}", "RUN GOARCH=amd64 go build -a -o /o ./...", "COPY --from=0 /o /o"]
    return lines(out), {}


def plain_runs(n):
    return lines(["FROM alpine:3.20"] + [f"RUN echo {i}" for i in range(n)]), {}


def long_line(n):
    return lines(["FROM alpine:3.20", "RUN echo " + " ".join(f"w{i}" for i in range(n))]), {}


def long_comment_findings(n):
    # one long line with many findings: unknown codes in one suppression comment
    codes = ",".join(f"DH9{i:05d}" for i in range(n))
    return lines([f"# dockhand ignore={codes}", "FROM alpine:3.20"]), {}


def findings_one_line(n):
    return lines(["FROM alpine:3.20", "RUN " + " ".join("GOARCH=amd64" for _ in range(n)) + " go build ."]), {}


def suppressions(n):
    out = ["# dockhand ignore-file=DH303"]
    for i in range(n):
        out += [f"# dockhand ignore=DH401,DH402 -- reason {i}", f"FROM ubuntu AS s{i}",
                f"# dockhand ignore=DH302", "RUN go build -a ."]
    return lines(out), {}


def arg_double(n):
    out = ["ARG A=x"] + ["ARG A=$A$A"] * 19 + ["FROM alpine:3.20", "ARG A"]
    out += [f"ARG B{i}=$A" for i in range(n)]
    return lines(out), {}


def env_path(n):
    return lines(["FROM alpine:3.20"] + [f"ENV PATH=$PATH:/opt/b{i}" for i in range(n)]), {}


def arg_self(n):
    return lines(["ARG X=x"] + ["ARG X=$X-x"] * n + ["FROM alpine:3.20", "ARG X"]
                 + ["ARG X=$X-x"] * n), {}


def many_names(n):
    out = ["FROM alpine:3.20"]
    out += [f"ARG A{i}=v{i}" for i in range(n)]
    out += [f"ENV E{i}=$A{i}" for i in range(n)]
    out += [f"WORKDIR /w/$E{i}" for i in range(0, n, 4)]
    return lines(out), {}


def stage_chain(n):
    out = ["FROM alpine:3.20 AS s0", "ENV E0=0", "RUN touch /f0"]
    for i in range(1, n):
        out += [f"FROM s{i - 1} AS s{i}", f"ENV E{i}=$E{i - 1}", f"COPY --from=s{i - 1} /f /f{i}", f"RUN touch /f{i}"]
    return lines(out), {}


def build_chain(n):
    # a FROM chain where every stage builds and copies from its parent: one build found, one
    # source that no build of the chain wrote (looked for through the whole chain)
    out = ["FROM golang:1.22 AS s0", "RUN go build -o /out/b0 ./cmd/b0"]
    for i in range(1, n):
        out += [f"FROM s{i - 1} AS s{i}", f"RUN go build -o /out/b{i} ./cmd/b{i}",
                f"COPY --from=s{i - 1} /out/b{i - 1} /usr/bin/b{i - 1}",
                f"COPY --from=s{i - 1} /opt/x{i} /opt/x{i}"]
    return lines(out), {}


def go_outputs(n):
    out = ["FROM golang:1.22 AS build"]
    out += [f"RUN go build -o /out/b{i} ./cmd/b{i}" for i in range(n)]
    out += ["FROM alpine:3.20"]
    out += [f"COPY --from=build /out/b{i} /usr/bin/b{i}" for i in range(n)]
    return lines(out), {}


def copy_from_later(n):
    out = []
    for i in range(n):
        out += [f"FROM alpine:3.20 AS stage{i}", f"COPY --from=stage{i + 1} /x /x"]
    return lines(out), {}


def go_build_a(n):
    return lines(["FROM golang:1.22"] + ["RUN go build -a -o /o ./..."] * n), {}


def copy_install(n):
    out = ["FROM node:20"]
    for _ in range(n):
        out += ["COPY . .", "RUN npm install"]
    return lines(out), {}


def chmod_after_copies(n):
    out = ["FROM alpine:3.20"]
    out += [f"COPY f{i} /app/f{i}" for i in range(n)]
    out += ["RUN chmod -R 755 /app"] * max(1, n // 4)
    return lines(out), {}


def syntax_errors(n):
    out = ["FROM alpine:3.20"]
    for i in range(n):
        out += [f"COPY only{i}", f"RUN --bogus{i}=x echo", "WORKDIR", f'SHELL /bin/sh{i}']
    return lines(out), {}


def sh_c_go_build(n):
    script = " && ".join(f"go build -o /out/b{i} ./cmd/b{i}" for i in range(n))
    return lines(["FROM golang:1.22 AS build", f"RUN sh -c '{script}'", "FROM alpine:3.20",
                  "COPY --from=build /out/b0 /b0"]), {}


def sh_c_install(n):
    pkgs = " ".join(f"pkg{i}" for i in range(n))
    return lines(["FROM debian:12", f"RUN sh -c 'apt-get update && apt-get install -y {pkgs}'"]), {}


def deep_default(n):
    return lines(["FROM " + "${A:-" * n + "alpine" + "}" * n]), {}


def many_stages(n):
    out = []
    for i in range(n):
        out += [f"FROM alpine:3.20 AS s{i}", f"RUN adduser -D u{i}", f"USER u{i}"]
    out += ["FROM s0", "USER root"]
    return lines(out), {}


def duplicate_names(n):
    return lines([f"FROM alpine:3.20 AS same" for _ in range(n)]), {}


def unknown_instructions(n):
    return lines(["FROM alpine:3.20"] + [f"FOO{i % 7} bar" for i in range(n)]), {}


def heredocs(n):
    out = ["FROM alpine:3.20"]
    for i in range(n):
        out += ["RUN <<EOF", f"apk add p{i}", "go build -a .", "EOF", f"COPY <<F /f{i}", "x", "F"]
    return lines(out), {}


def untrusted(n):
    out = []
    for i in range(n):
        out += [f"FROM quay.io/org/img{i}:1.{i} AS s{i}", f"COPY --from=ghcr.io/o/x{i}:1 /x /x"]
    cfg = '[rules.untrusted-registry]\nregistries = ["gcr.io/my-org"]\n'
    return lines(out), {"dockhand.toml": cfg}


def config_select(n):
    known = ["DH001", "DH1", "root-final-user", "DH4", "DH302", "syntax-error", "DH0", "DH50"]
    codes = ", ".join(f'"{known[i % len(known)]}"' for i in range(n))
    cfg = f"select = [{codes}]\n"
    return lines(["FROM ubuntu", "RUN go build -a ."]), {"dockhand.toml": cfg}


def big_sarif(n):
    # about 250 bytes per n, with findings spread over lines
    return findings_many_lines(n)


# name, generator, base n (full mode), base n (ci mode), extra arguments
FAMILIES = [
    ("every-instruction", every_instruction, 400, 100, ALL + ["--format", "json"]),
    ("plain-runs", plain_runs, 25000, 6000, ALL + ["--format", "json"]),
    ("long-line", long_line, 100000, 25000, ALL + ["--format", "json"]),
    ("findings-per-line", findings_one_line, 4000, 1000, ALL + ["--format", "json"]),
    ("long-comment-human", long_comment_findings, 1000, 250, ["--format", "human", "--color", "never"]),
    ("suppressions", suppressions, 4000, 1000, ALL + ["--format", "json"]),
    ("arg-doubling", arg_double, 1000, 250, ALL + ["--format", "json"]),
    ("env-path-append", env_path, 5000, 1250, ALL + ["--format", "json"]),
    ("arg-self-append", arg_self, 5000, 1250, ALL + ["--format", "json"]),
    ("many-arg-env-names", many_names, 10000, 2500, ALL + ["--format", "json"]),
    ("stage-chain", stage_chain, 1000, 250, ALL + ["--format", "json"]),
    ("build-chain", build_chain, 1000, 250, ALL + ["--format", "json"]),
    ("go-build-outputs", go_outputs, 2000, 500, ALL + ["--format", "json"]),
    ("copy-from-later-stage", copy_from_later, 2000, 1000, ALL + ["--format", "json"]),
    ("go-build-a", go_build_a, 8000, 2000, ALL + ["--format", "json"]),
    ("copy-then-install", copy_install, 4000, 1000, ALL + ["--format", "json"]),
    ("chmod-after-copies", chmod_after_copies, 4000, 1000, ALL + ["--format", "json"]),
    ("syntax-errors", syntax_errors, 2000, 500, ALL + ["--format", "json"]),
    ("sh-c-go-build", sh_c_go_build, 1000, 250, ALL + ["--format", "json"]),
    ("sh-c-install", sh_c_install, 8000, 2000, ALL + ["--format", "json"]),
    ("deep-default", deep_default, 4000, 1000, ALL + ["--format", "json"]),
    ("many-stages-users", many_stages, 2000, 500, ALL + ["--format", "json"]),
    ("duplicate-stage-names", duplicate_names, 4000, 1000, ALL + ["--format", "json"]),
    ("unknown-instructions", unknown_instructions, 8000, 2000, ALL + ["--format", "json"]),
    ("heredocs", heredocs, 2000, 500, ALL + ["--format", "json"]),
    ("untrusted-registries", untrusted, 2000, 500, ALL + ["--format", "json"]),
    ("config-long-select", config_select, 4000, 1000, ["--format", "json"]),
    ("sarif-large-file", big_sarif, 2000, 500, ALL + ["--format", "sarif"]),
    ("gitlab-many-findings", findings_many_lines, 2000, 500, ALL + ["--format", "gitlab"]),
] + [
    (f"reporter-{fmt}", findings_many_lines, 1000, 250, ALL + ["--format", fmt, "--color", "never"])
    for fmt in FORMATS
]


def limit_child():
    resource.setrlimit(resource.RLIMIT_AS, (RUN_MEMORY, RUN_MEMORY))
    os.setsid()


def run_once(binary, path, args, cwd, out_path):
    """Returns (seconds, peak RSS bytes, exit status or a failure word)."""
    with open(out_path, "wb") as out:
        t0 = time.perf_counter()
        p = subprocess.Popen(
            [binary, *args, path],
            cwd=cwd,
            stdout=out,
            stderr=subprocess.DEVNULL,
            stdin=subprocess.DEVNULL,
            preexec_fn=limit_child,
            env={**os.environ, "NO_COLOR": "1", "RAYON_NUM_THREADS": "2"},
        )
        deadline = t0 + RUN_TIMEOUT
        while True:
            pid, status, ru = os.wait4(p.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                os.killpg(p.pid, signal.SIGKILL)
                pid, status, ru = os.wait4(p.pid, 0)
                return RUN_TIMEOUT, ru.ru_maxrss * 1024, "timeout"
            time.sleep(0.0005)
        dt = time.perf_counter() - t0
        p.returncode = 0
    if os.WIFSIGNALED(status):
        return dt, ru.ru_maxrss * 1024, f"signal {os.WTERMSIG(status)}"
    code = os.WEXITSTATUS(status)
    return dt, ru.ru_maxrss * 1024, code


def measure(binary, text, extra, args, reps, work):
    d = tempfile.mkdtemp(dir=work)
    for name, content in extra.items():
        with open(os.path.join(d, name), "w") as f:
            f.write(content)
    if "dockhand.toml" not in extra:
        args = ["--no-config", *args]
    path = os.path.join(d, "Dockerfile")
    with open(path, "w") as f:
        f.write(text)
    out_path = os.path.join(d, "out")
    best, peak, status = None, 0, 0
    for _ in range(reps):
        dt, rss, st = run_once(binary, path, args, d, out_path)
        peak = max(peak, rss)
        best = dt if best is None else min(best, dt)
        if st not in (0, 1):
            status = st
            break
    # the input is the Dockerfile and any configuration written beside it
    in_bytes = len(text.encode()) + sum(len(c.encode()) for c in extra.values())
    return best, peak, status, os.path.getsize(out_path), in_bytes


def fmt_bytes(b):
    for unit, size in (("GB", 1 << 30), ("MB", 1 << 20), ("kB", 1 << 10)):
        if b >= size:
            return f"{b / size:.1f} {unit}"
    return f"{b} B"


def measure_family(binary, gen, args, n0, reps, work):
    """The four sizes of one family; stops at a size that crashes or times out."""
    results = []
    for k in range(4):
        n = n0 << k
        text, extra = gen(n)
        t, rss, status, out_bytes, in_bytes = measure(binary, text, extra, args, reps, work)
        results.append((n, in_bytes, t, rss, out_bytes, status))
        if status not in (0, 1):
            return results, f"size {n}: {status}"
    return results, None


def summary(results):
    """Time growth per doubling, the steps, output growth, and memory per input byte."""
    t1 = max(results[0][2], TIME_FLOOR)
    t4 = max(results[3][2], TIME_FLOOR)
    growth = (t4 / t1) ** (1 / 3)
    o1, o4 = max(results[0][4], 1), max(results[3][4], 1)
    out_growth = (o4 / o1) ** (1 / 3)
    steps = " ".join(f"{max(b[2], TIME_FLOOR) / max(a[2], TIME_FLOOR):.2f}x"
                     for a, b in zip(results, results[1:]))
    first, last = results[0], results[3]
    d_in = max(1, last[1] - first[1])
    d_mem = max(0, last[3] - first[3])
    d_out = max(0, last[4] - first[4])
    slope = max(0, d_mem - MEM_PER_OUTPUT_BYTE * d_out) / d_in
    return growth, steps, out_growth, slope


def judge(results):
    """What is over the limits (empty: nothing)."""
    growth, _, out_growth, slope = summary(results)
    first, last = results[0], results[3]
    d_in = max(1, last[1] - first[1])
    d_mem = max(0, last[3] - first[3])
    d_out = max(0, last[4] - first[4])
    verdict = []
    if growth > MAX_GROWTH:
        verdict.append(f"time grows {growth:.2f}x per doubling")
    if out_growth > MAX_GROWTH:
        verdict.append(f"output grows {out_growth:.2f}x per doubling")
    if d_mem > MEM_PER_BYTE * d_in + MEM_PER_OUTPUT_BYTE * d_out + MEM_SLACK:
        verdict.append(f"memory {slope:.1f} B per input byte")
    return verdict


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", default="target/release/dockhand")
    ap.add_argument("--ci", action="store_true", help="small sizes (under a minute in total)")
    ap.add_argument("--reps", type=int, default=None, help="runs per size, best is kept")
    ap.add_argument("--only", default=None, help="comma-separated family names")
    ap.add_argument("--scale", type=float, default=1.0, help="multiply every base size by this")
    ap.add_argument("--markdown", default=None, help="also write a Markdown table here")
    opts = ap.parse_args()
    reps = opts.reps or (2 if opts.ci else 5)
    only = set(opts.only.split(",")) if opts.only else None
    work = tempfile.mkdtemp(prefix="dockhand-scaling-")
    binary = os.path.abspath(opts.binary)

    # the fixed cost: memory and time of linting an (almost) empty file
    _, base_rss, _, _, _ = measure(binary, "FROM alpine:3.20\n", {}, ALL, reps, work)
    print(f"binary: {binary}; mode: {'ci' if opts.ci else 'full'}; best of {reps} runs; "
          f"baseline RSS {fmt_bytes(base_rss)}")
    print(f"limits: growth per doubling <= {MAX_GROWTH}x (time floored at {TIME_FLOOR * 1000:.0f} ms, "
          f"output bytes); memory growth <= {MEM_PER_BYTE} B per input byte "
          f"+ {MEM_PER_OUTPUT_BYTE} B per output byte + {fmt_bytes(MEM_SLACK)}")
    rows, failed = [], []
    start = time.perf_counter()
    for name, gen, n_full, n_ci, args in FAMILIES:
        if only and name not in only:
            continue
        n0 = max(1, int((n_ci if opts.ci else n_full) * opts.scale))
        results, problem = measure_family(binary, gen, args, n0, reps, work)
        verdict = judge(results) if problem is None else None
        if verdict and all(v.startswith("time") for v in verdict):
            # Time alone over the limit: measure again with more runs, so that a burst of load
            # on a shared machine is not taken for growth (a real quadratic fails again).
            print(f"{name:24} time over the limit ({verdict[0]}): measuring again, best of {reps * 3}")
            results, problem = measure_family(binary, gen, args, n0, reps * 3, work)
            verdict = judge(results) if problem is None else None
        for n, in_bytes, t, rss, out_bytes, status in results:
            per_byte = max(0, rss - base_rss) / max(1, in_bytes)
            line = (f"{name:24} n={n:<7} in={fmt_bytes(in_bytes):>9} time={t * 1000:9.1f} ms "
                    f"rss={fmt_bytes(rss):>9} ({per_byte:6.1f} B/B) out={fmt_bytes(out_bytes):>9}")
            if status not in (0, 1):
                line += f"  FAILED: {status}"
            print(line)
            rows.append((name, n, in_bytes, t, rss, per_byte, out_bytes, status))
        if problem is None:
            growth, steps, out_growth, slope = summary(results)
            print(f"{name:24} growth per doubling: time {growth:.2f}x (steps {steps}), "
                  f"output {out_growth:.2f}x; memory {slope:.1f} B per input byte -> {'FAIL: ' + '; '.join(verdict) if verdict else 'ok'}")
            if verdict:
                failed.append(name)
        else:
            print(f"{name:24} -> FAIL: {problem}")
            failed.append(name)
        sys.stdout.flush()
    total = time.perf_counter() - start
    print(f"\n{len(failed)} failing families of {len({r[0] for r in rows})} in {total:.1f} s"
          + (": " + ", ".join(failed) if failed else ""))
    if opts.markdown:
        with open(opts.markdown, "w") as f:
            f.write("| family | n | input | time | peak RSS | B/B | output | status |\n")
            f.write("|---|---:|---:|---:|---:|---:|---:|---|\n")
            for name, n, in_bytes, t, rss, per_byte, out_bytes, status in rows:
                f.write(f"| {name} | {n} | {fmt_bytes(in_bytes)} | {t * 1000:.1f} ms | {fmt_bytes(rss)} "
                        f"| {per_byte:.1f} | {fmt_bytes(out_bytes)} | {'' if status in (0, 1) else status} |\n")
            f.write(f"\nfailing: {', '.join(failed) if failed else 'none'}\n")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
