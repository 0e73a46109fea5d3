"""Settings for the test suite and type checker: the production settings in testing mode."""

import os

os.environ.setdefault("THRIVE_TESTING", "1")

from thrive.settings import *  # noqa: F403
