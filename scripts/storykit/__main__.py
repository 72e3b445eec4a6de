"""`python -m storykit`: the `storykit` command (build, serve, new, check)."""

import sys

from storykit.adapter.cli import main

sys.exit(main())
