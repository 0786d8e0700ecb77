#!/usr/bin/env python3
"""Draw a seeded random sample of findings per rule from a dockhand JSON report, for judging
by hand (issue 13): at most two findings per source repository of the corpus, so one project's
habits do not fill the sample.

    target/debug/dockhand --format json ../shared/corpus/real > /tmp/corpus.json
    python3 bench/sample-findings.py /tmp/corpus.json --rules DH402,DH101 --per-rule 10 --seed 13

Prints, per rule, the corpus count and each sampled finding with its file, line, message and
the source line, ready to be labelled worth / noise / false. `--counts` prints only the
per-rule counts (for the before/after table)."""
import argparse, collections, json, random, sys

def repo_of(path):
    parts = path.replace('\\', '/').split('/')
    if 'real' in parts:
        i = parts.index('real')
        if i + 1 < len(parts):
            return parts[i + 1]
    return parts[0]

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('report')
    ap.add_argument('--rules', default='', help='comma-separated codes (default: every code)')
    ap.add_argument('--per-rule', type=int, default=10)
    ap.add_argument('--per-repo', type=int, default=2)
    ap.add_argument('--seed', type=int, default=13)
    ap.add_argument('--counts', action='store_true')
    a = ap.parse_args()
    with open(a.report, encoding='utf-8') as f:
        diags = json.load(f)['diagnostics']
    by_code = collections.defaultdict(list)
    for d in diags:
        by_code[d['code']].append(d)
    wanted = [c for c in a.rules.split(',') if c] or sorted(by_code)
    for code in wanted:
        found = by_code.get(code, [])
        print(f'## {code}: {len(found)} findings on the corpus')
        if a.counts:
            continue
        rng = random.Random(f'{a.seed}:{code}')
        order = found[:]
        rng.shuffle(order)
        per_repo = collections.Counter()
        picked = []
        for d in order:
            r = repo_of(d['file'])
            if per_repo[r] >= a.per_repo:
                continue
            per_repo[r] += 1
            picked.append(d)
            if len(picked) >= a.per_rule:
                break
        for i, d in enumerate(picked, 1):
            try:
                with open(d['file'], encoding='utf-8', errors='replace') as f:
                    src = f.read().splitlines()[d['line'] - 1].strip()
            except (OSError, IndexError):
                src = '?'
            print(f"{i}. {d['file']}:{d['line']}: {d['message']}\n   > {src[:160]}")
        print()

if __name__ == '__main__':
    sys.exit(main())
