"""`make build`: build the site into a temporary folder and replace the old site only on success.

A failed build (bad data, a bad page reference, a warning under --strict) leaves the last good
site exactly as it was.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site-dir", default="site", help="where the finished site goes")
    parser.add_argument("--config-file", default="mkdocs.yml")
    options = parser.parse_args(argv)
    site = Path(options.site_dir).resolve()
    # Build next to the site, so the final rename stays on one file system (and is atomic).
    staging = site.with_name(f".site-build-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet",
                             "--config-file", options.config_file, "--site-dir", str(staging)])
    if result.returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        kept = f"the previous site in {options.site_dir}/ is unchanged" if site.exists() else "no site was written"
        print(f"Build failed: {kept}.", file=sys.stderr)
        return result.returncode
    retired = site.with_name(f".site-old-{os.getpid()}")
    if site.exists():
        site.rename(retired)
    staging.rename(site)
    shutil.rmtree(retired, ignore_errors=True)
    print(f"Built the site into {options.site_dir}/.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
