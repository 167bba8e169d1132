"""Settings for pytest: the normal settings with SAFETYMAP_ENV=test unless told otherwise."""

import os

os.environ.setdefault("SAFETYMAP_ENV", "test")

from config.settings import *  # noqa: E402,F403
