"""`storykit build` (`make build`): build the site into a temporary folder and replace the old site only
on success.

Every edition is built (the plugin's `editions`: each language's configuration, and its folder in the
site, read by `project.read_editions`), the first at the root and each other inside it, all from the one
SITE_URL. The editions are built side by side, each by its own MkDocs in a folder of its own (MkDocs
empties its site folder first), and put together once all have succeeded: on two cores, both editions
take little longer than one. It also writes `_headers`, the security headers the site works under (see README, Hosting).
A failed or interrupted build (bad data, a bad page reference, a warning under --strict, Ctrl-C)
leaves the last good site exactly as it was. Builds of one commit are byte-identical: the only date
MkDocs writes (the sitemap's) comes from SOURCE_DATE_EPOCH, which defaults to the commit's time.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from ..core.errors import StoryError
from ..site.headers import header_rules, headers_file
from .project import read_editions

LOG_LINE = re.compile(r"(DEBUG|INFO|WARNING|ERROR|CRITICAL)\s+-")


def build_site(config_file: Path, site_dir: Path) -> int:
    """Every edition of the story `config_file` tells, built into `site_dir`; an exit status."""
    site = site_dir.resolve()
    shown = os.path.relpath(site) if site.is_relative_to(Path.cwd()) else str(site)
    try:
        editions = read_editions(config_file)
    except StoryError as error:
        print(f"ERROR    -  {error}", file=sys.stderr)
        return 1
    # Build next to the site, so the final rename stays on one file system (and is atomic).
    staging = site.with_name(f".site-build-{os.getpid()}")
    retired = site.with_name(f".site-old-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    project = config_file.resolve().parent
    builds: list[Build] = []
    try:
        for number, edition in enumerate(editions):
            builds.append(Build.start(edition.config_file, edition.path, staging.with_name(f"{staging.name}-{number}"),
                                      project))
        for build in builds:  # in the editions' order: the first failure is the one reported
            returncode = build.finish()
            sys.stderr.writelines(problems(build.log))
            if returncode != 0:  # the editions still running are stopped below
                kept = f"the previous site in {shown}/ is unchanged" if site.exists() else "no site was written"
                print(f"Build failed: {kept}.", file=sys.stderr)
                return returncode
        builds[0].output.rename(staging)
        for build in builds[1:]:  # each edition after the first builds into its own folder of the site
            shutil.rmtree(staging / build.folder, ignore_errors=True)
            (build.output / build.folder).rename(staging / build.folder)
        # Hosts that read a _headers file (Netlify, Cloudflare Pages) get the site's security headers.
        (staging / "_headers").write_text(headers_file(header_rules(staging)), encoding="utf-8")
        if site.exists():
            site.rename(retired)
        staging.rename(site)
        shutil.rmtree(retired, ignore_errors=True)
    finally:
        for build in builds:
            build.stop()
        shutil.rmtree(staging, ignore_errors=True)  # still there only if the build failed or was stopped
        if retired.exists() and not site.exists():  # stopped between the two renames
            retired.rename(site)
    print(f"Built the site into {shown}/.")
    return 0


@dataclass
class Build:
    """One edition's `mkdocs build`, running in its own folder; its log goes to a file, not a pipe that
    could fill while another edition is being waited for."""

    folder: str
    output: Path
    process: subprocess.Popen[bytes]
    log_file: IO[str]
    log: str = ""

    @classmethod
    def start(cls, config: Path, folder: str, output: Path, project: Path) -> "Build":
        shutil.rmtree(output, ignore_errors=True)
        log_file = tempfile.TemporaryFile("w+", encoding="utf-8")
        # Not --quiet: MkDocs 1.6 then drops warnings before --strict counts them (mkdocs#4126).
        process = subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(config),
                                    "--site-dir", str(output)], env=build_environment(project), stderr=log_file)
        return cls(folder, output, process, log_file)

    def finish(self) -> int:
        returncode = self.process.wait()
        self.log_file.seek(0)
        self.log = self.log_file.read()
        return returncode

    def stop(self) -> None:
        """Stopped if still running (another edition failed, or Ctrl-C), and its folder removed."""
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait()
        self.log_file.close()
        shutil.rmtree(self.output, ignore_errors=True)


def problems(log: str) -> list[str]:
    """MkDocs' output without its INFO and DEBUG messages (the staging folder's name among them)."""
    kept, keep = [], True
    for line in log.splitlines(keepends=True):
        level = LOG_LINE.match(line)
        if level:
            keep = level.group(1) not in ("DEBUG", "INFO")
        elif not line[:1].isspace():
            keep = True  # not the continuation of a message, e.g. "Aborted with 1 warnings in strict mode!"
        if keep:
            kept.append(line)
    return kept


def build_environment(project: Path) -> dict[str, str]:
    """The environment for MkDocs: SOURCE_DATE_EPOCH as given, else the time of the last commit."""
    env = dict(os.environ)
    if "SOURCE_DATE_EPOCH" not in env:
        epoch = commit_time(project)
        if epoch is not None:
            env["SOURCE_DATE_EPOCH"] = str(epoch)
    return env


def commit_time(project: Path) -> int | None:
    """When the checked-out commit was made (seconds since the epoch), or None outside a git checkout."""
    try:
        result = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=project, capture_output=True,
                                text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    output = result.stdout.strip()
    return int(output) if result.returncode == 0 and output.isdigit() else None

