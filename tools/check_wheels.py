"""Check that the package's runtime dependencies install from wheels on every Python it declares.

Readers install the package into Pythons other than the 3.11 that builds and tests the book:
Colab's first cell installs it on Colab's Python. Only 3.11 runs on the build machines, so for
every minor version that `requires-python` in pyproject.toml admits, this asks pip to resolve the
`dependencies` list (what that cell installs) as a CPython of that version on manylinux x86_64
would, taking wheels only:

    python tools/check_wheels.py [PYPROJECT]

`pip download --only-binary=:all:` fails when some dependency, direct or indirect, has no wheel
for that Python, which is what a reader would hit as a compiler error. It needs the package
index; .ci/run runs it. The exit status is 1 when any version fails.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

from check_python import declared_minors  # tools/ is on the path when this runs as a script

# Wheels built for glibc 2.28 or older (manylinux_2_28 and the tags before it) install on any
# Linux from Debian 10, Ubuntu 20.04 and RHEL 8 on; pip expands manylinux2014 to 2010 and 1.
PLATFORMS = [f"manylinux_2_{glibc}_x86_64" for glibc in range(28, 16, -1)]
PLATFORMS.append("manylinux2014_x86_64")


def download_command(version: str, requirements: list[str], dest: str) -> list[str]:
    """The pip command that fetches wheels for `requirements` on CPython `version` ("3.13")."""
    abi = "cp" + version.replace(".", "")
    platforms = [arg for p in PLATFORMS for arg in ("--platform", p)]
    return [sys.executable, "-m", "pip", "download", "--quiet", "--only-binary=:all:",
            "--python-version", version, "--implementation", "cp", "--abi", abi, *platforms,
            "--dest", dest, *requirements]


def check(version: str, requirements: list[str]) -> list[str]:
    """The wheels that `requirements` resolve to on CPython `version`; raises when pip fails."""
    with tempfile.TemporaryDirectory() as dest:
        run = subprocess.run(download_command(version, requirements, dest),
                             capture_output=True, text=True)
        if run.returncode:
            raise RuntimeError(f"Python {version}: pip found no complete set of wheels:\n"
                               + run.stderr.strip())
        files = sorted(p.name for p in Path(dest).iterdir())
    not_wheels = [f for f in files if not f.endswith(".whl")]
    if not_wheels:
        raise RuntimeError(f"Python {version}: pip fetched files that are not wheels: {not_wheels}")
    return files


def main(pyproject: Path) -> int:
    project = tomllib.loads(pyproject.read_text())["project"]
    failed = 0
    for major, minor in declared_minors(project["requires-python"]):
        version = f"{major}.{minor}"
        try:
            wheels = check(version, project["dependencies"])
        except RuntimeError as error:
            print(error)
            failed += 1
            continue
        print(f"Python {version}: {len(wheels)} wheels, {', '.join(wheels)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("pyproject.toml")))
