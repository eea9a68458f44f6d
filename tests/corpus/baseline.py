#!/usr/bin/env python3
"""Run the generator over every corpus document and write tests/corpus/BASELINE.md.

    python3 tests/corpus/fetch.py                       # first: documents into target/corpus/
    cargo build -p xtask
    python3 tests/corpus/baseline.py [--cache DIR] [--out /tmp/corpus-out]
                                     [--check name,name]  # also `cargo check` these outputs

For each document: `cargo run -q -p xtask -- generate --spec FILE --out OUT/NAME
--crate-name corpus-NAME`, its exit status, time, warning count and the first lines of
its error. `--check` runs `cargo check` in the named output folders, with a shared
CARGO_TARGET_DIR (default /tmp/corpus-target). Python 3.11+, standard library only.
"""

import argparse
import os
import re
import subprocess
import sys
import time
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
ERROR_LINES = 4
NOTES_MARKER = "<!-- notes: kept by baseline.py -->"


def human(n):
    return f"{n / 1e6:.1f} MB" if n >= 1e6 else f"{n / 1e3:.0f} KB"


def first_lines(text, n=ERROR_LINES):
    lines = [line.rstrip() for line in text.strip().splitlines() if line.strip()]
    cut = [line if len(line) <= 240 else line[:240] + " …" for line in lines[:n]]
    if len(lines) > n:
        cut.append(f"… ({len(lines) - n} more lines)")
    return "\n".join(cut)


def problem_kinds(stderr):
    """The kinds of problem in an error report: each message with its `quoted` details elided."""
    kinds = []
    for line in stderr.splitlines():
        m = re.match(r"\s+- #\S*: (.*)", line) or re.match(r"error: generating from .*?: #\S*: (.*)", line)
        if m:
            kinds.append(re.sub(r"`[^`]*`", "`…`", m.group(1)).strip())
    return kinds or [first_lines(stderr, 1)]


def generate(doc, cache, out):
    spec = cache / f"{doc['name']}.{doc['format']}"
    if not spec.is_file():
        return dict(status="missing", seconds=0.0, warnings=0, error=f"{spec} not fetched")
    cmd = ["cargo", "run", "-q", "-p", "xtask", "--", "generate", "--spec", str(spec),
           "--out", str(out / doc["name"]), "--crate-name", f"corpus-{doc['name']}"]
    start = time.monotonic()
    try:
        proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=900)
    except subprocess.TimeoutExpired:
        return dict(status="timeout", seconds=900.0, warnings=0, error="no answer within 900 s")
    seconds = time.monotonic() - start
    warnings = sum(1 for line in proc.stderr.splitlines() if line.startswith("warning"))
    if proc.returncode == 0:
        return dict(status="generated", seconds=seconds, warnings=warnings, error="",
                    stderr=proc.stderr)
    status = "crashed" if proc.returncode < 0 or "panicked" in proc.stderr else "refused"
    return dict(status=status, seconds=seconds, warnings=warnings,
                error=first_lines(proc.stderr or proc.stdout) or f"exit {proc.returncode}",
                kinds=problem_kinds(proc.stderr or proc.stdout))


def cargo_check(crate_dir, target_dir):
    env = dict(os.environ, CARGO_TARGET_DIR=str(target_dir))
    start = time.monotonic()
    proc = subprocess.run(["cargo", "check", "--quiet", "--message-format", "short"],
                          cwd=crate_dir, env=env, capture_output=True, text=True)
    seconds = time.monotonic() - start
    diags = [line for line in proc.stderr.splitlines() if ": error" in line or ": warning" in line]
    return proc.returncode == 0, seconds, diags


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cache", type=Path, default=ROOT / "target" / "corpus")
    ap.add_argument("--out", type=Path, default=Path("/tmp/corpus-out"))
    ap.add_argument("--only", help="comma-separated document names")
    ap.add_argument("--check", default="", help="comma-separated names to `cargo check` after generating")
    ap.add_argument("--target-dir", type=Path, default=Path("/tmp/corpus-target"))
    ap.add_argument("--write", type=Path, default=HERE / "BASELINE.md")
    args = ap.parse_args(argv)

    docs = tomllib.loads((HERE / "corpus.toml").read_text())["document"]
    if args.only:
        keep = set(args.only.split(","))
        docs = [d for d in docs if d["name"] in keep]
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                            capture_output=True, text=True).stdout.strip()

    results = {}
    for doc in docs:
        r = generate(doc, args.cache, args.out)
        results[doc["name"]] = r
        print(f"{r['status']:<9} {r['seconds']:7.1f}s  {doc['name']}", flush=True)

    checks = {}
    for name in filter(None, args.check.split(",")):
        if results.get(name, {}).get("status") != "generated":
            checks[name] = (False, 0.0, ["not generated, nothing to check"])
            continue
        checks[name] = cargo_check(args.out / name, args.target_dir)
        print(f"cargo check {name}: {'ok' if checks[name][0] else 'FAILED'} ({checks[name][1]:.0f}s)", flush=True)

    lines = [
        "# Baseline: the generator on the corpus",
        "",
        f"Generator at commit `{commit}`, run by `tests/corpus/baseline.py` (one "
        "`cargo run -q -p xtask -- generate --spec FILE --out /tmp/corpus-out/NAME "
        "--crate-name corpus-NAME` per document). This records what the generator does today; "
        "it is not a target. Refusing Swagger 2.0 and OpenAPI 3.1 is expected at this commit.",
        "",
    ]
    counts = {}
    for doc in docs:
        key = (doc["spec"], results[doc["name"]]["status"])
        counts[key] = counts.get(key, 0) + 1
    lines += ["| spec | " + " | ".join(s for s in ("generated", "refused", "crashed", "timeout", "missing")) + " |",
              "| --- | --- | --- | --- | --- | --- |"]
    for spec in ("2.0", "3.0", "3.1"):
        lines.append(f"| {spec} | " + " | ".join(str(counts.get((spec, s), 0)) for s in
                                                 ("generated", "refused", "crashed", "timeout", "missing")) + " |")
    lines += ["", "| document | spec | size | ops | result | time | warnings |",
              "| --- | --- | ---: | ---: | --- | ---: | ---: |"]
    for doc in docs:
        r = results[doc["name"]]
        lines.append(f"| {doc['name']} | {doc['spec']} | {human(doc['bytes'])} | {doc['operations']} | "
                     f"{r['status']} | {r['seconds']:.1f} s | {r['warnings']} |")
    by_kind = {}
    for doc in docs:
        for kind in results[doc["name"]].get("kinds", []):
            entry = by_kind.setdefault(kind, {})
            entry[doc["name"]] = entry.get(doc["name"], 0) + 1
    if by_kind:
        lines += ["", "## Refusals by kind of problem", "",
                  "Every problem the refused documents report, with quoted details elided.", "",
                  "| problem | documents | occurrences | in |", "| --- | ---: | ---: | --- |"]
        for kind, where in sorted(by_kind.items(), key=lambda kv: (-len(kv[1]), -sum(kv[1].values()))):
            names = ", ".join(sorted(where)[:8]) + (", …" if len(where) > 8 else "")
            lines.append(f"| {kind.replace('|', '/')} | {len(where)} | {sum(where.values())} | {names} |")
    lines += ["", "## Errors (first lines)", ""]
    for doc in docs:
        r = results[doc["name"]]
        if r["error"]:
            lines += [f"### {doc['name']} ({doc['spec']}, {r['status']})", "", "```", r["error"], "```", ""]
    if checks:
        lines += ["## `cargo check` of generated crates", "",
                  f"Each output folder is a standalone crate; checked with `CARGO_TARGET_DIR={args.target_dir}` "
                  "shared between them (the first one builds the dependencies).", ""]
        for name, (ok, seconds, diags) in checks.items():
            lines.append(f"- **{name}**: {'passes' if ok else 'FAILS'} ({seconds:.0f} s"
                         f"{', ' + str(len(diags)) + ' diagnostics' if diags else ''})")
            for d in diags[:8]:
                lines.append(f"  - `{d.strip()[:240]}`")
        lines.append("")
    # Hand-written observations below the marker survive a rerun.
    old = args.write.read_text() if args.write.is_file() else ""
    if NOTES_MARKER in old:
        lines += [NOTES_MARKER + old.split(NOTES_MARKER, 1)[1].rstrip("\n"), ""]
    args.write.write_text("\n".join(lines))
    print(f"wrote {args.write}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
