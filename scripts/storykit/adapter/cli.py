"""The `storykit` command: build or serve every edition of a story, start a new one, check one.

    storykit build [--site-dir site]      every edition, into one site, replaced only if all succeed
    storykit serve [--port 8000] [LANG]   one `mkdocs serve` per edition, on consecutive ports
    storykit new FOLDER --languages de,fr a minimal story that builds at once
    storykit check [--site-dir site]      the checks every story needs, in every edition, without building

Each command reads the story's editions from the plugin's settings in mkdocs.yml (`project.read_editions`).
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
from pathlib import Path

from ..core.errors import StoryError
from .project import SERVED_EDITIONS, read_editions


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="storykit", description="Tell a story with data: MkDocs, Material, Plotly.")
    parser.add_argument("-f", "--config-file", default="mkdocs.yml", type=Path, help="the story's mkdocs.yml")
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="build every edition into one site (the old site stays if one fails)")
    build.add_argument("--site-dir", default="site", type=Path)
    serve = commands.add_parser("serve", help="serve every edition with live reload, each on its own port")
    serve.add_argument("--port", default=8000, type=int, help="the first edition's port; the next ones follow")
    serve.add_argument("languages", nargs="*", help="only the editions in these languages")
    new = commands.add_parser("new", help="write a minimal story into a new folder")
    new.add_argument("folder", type=Path)
    new.add_argument("--languages", default="en", help="its languages, the first first (en,de)")
    check = commands.add_parser("check", help="every edition's pages and texts checked as --strict builds check "
                                              "them, every problem listed")
    check.add_argument("--site-dir", type=Path, help="a built site, whose links are checked too")
    options = parser.parse_args(argv)
    try:
        if options.command == "build":
            from .sitebuild import build_site

            return build_site(options.config_file, options.site_dir)
        if options.command == "serve":
            return serve_editions(options.config_file, options.port, options.languages)
        if options.command == "check":
            return check_project(options.config_file, options.site_dir)
        from .scaffold import new_story

        new_story(options.folder, [tag.strip() for tag in options.languages.split(",") if tag.strip()])
        print(f"Wrote a new story into {options.folder}/. Next: cd {options.folder} && mkdocs serve")
        return 0
    except StoryError as error:
        print(f"ERROR    -  {error}", file=sys.stderr)
        return 1


def check_project(config_file: Path, site_dir: Path | None) -> int:
    """Every problem of every edition, one line each, as a build would name them; 1 if there is any."""
    from .project import load_settings
    from ..checks.storycheck import check_story

    problems = check_story(load_settings(config_file), site_dir)
    for problem in problems:
        print(f"ERROR    -  {problem}", file=sys.stderr)
    print(f"{len(problems)} problem{'' if len(problems) == 1 else 's'} found." if problems else "No problem found.")
    return 1 if problems else 0


def serve_editions(config_file: Path, port: int, languages: list[str]) -> int:
    """`mkdocs serve` for each edition (or those in `languages`), the first on `port` and each next one on the
    next port; each edition's language switcher links to the others' servers. Ctrl-C stops them all."""
    editions = read_editions(config_file)
    unknown = [tag for tag in languages if tag not in {edition.language for edition in editions}]
    if unknown:
        raise StoryError(f"no edition in '{unknown[0]}'; expected one of {', '.join(e.language for e in editions)}")
    addresses = {edition.language: f"127.0.0.1:{port + number}" for number, edition in enumerate(editions)}
    served = [edition for edition in editions if not languages or edition.language in languages]
    env = {**os.environ, SERVED_EDITIONS: ",".join(f"{edition.language}=http://{addresses[edition.language]}/"
                                                   for edition in served)}
    servers = [subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--livereload", "--config-file",
                                 str(edition.config_file), "--dev-addr", addresses[edition.language]], env=env)
               for edition in served]
    for edition in served:
        print(f"Serving the {edition.language} edition at http://{addresses[edition.language]}/", file=sys.stderr)
    try:
        return max(server.wait() for server in servers)
    except KeyboardInterrupt:
        return 0
    finally:
        for server in servers:
            if server.poll() is None:
                server.send_signal(signal.SIGINT)
        for server in servers:
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()


if __name__ == "__main__":
    sys.exit(main())
