"""Exit 0 when every pin in requirements.txt is installed, else name what is missing.

Reads installed versions from package metadata only (no imports, no pip), so `.ci/run` and the
vitest driver can ask in well under a second whether `pip install` is needed.
"""

import sys
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path


def pins(path: Path) -> list[tuple[str, str]]:
    out = []
    for raw in path.read_text().splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        name, sep, want = line.partition("==")
        if not sep:
            raise SystemExit(f"{path}: '{line}' is not pinned with ==")
        out.append((name.strip(), want.strip()))
    return out


def main() -> int:
    req = Path(__file__).with_name("requirements.txt")
    problems = []
    for name, want in pins(req):
        try:
            have = version(name)
        except PackageNotFoundError:
            problems.append(f"{name}=={want} is not installed")
            continue
        # A local build label (+cpu, +cu128) is the same release for our purposes.
        if have.split("+", 1)[0] != want:
            problems.append(f"{name}=={want} is wanted, {have} is installed")
    if problems:
        print("; ".join(problems))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
