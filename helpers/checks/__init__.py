"""Exercise checks: each prints feedback (correct, or a hint) and never raises.

One module per notebook; this package gathers them so a notebook needs only
``from helpers.checks import check_...``.
"""

from .start_here import *  # noqa: F401,F403
from .close_reading import *  # noqa: F401,F403
from .context import *  # noqa: F401,F403
from .theme_coding import *  # noqa: F401,F403
from .counting_words import *  # noqa: F401,F403
from .words_in_context import *  # noqa: F401,F403
from .codes_meet_counts import *  # noqa: F401,F403
from .assignment import *  # noqa: F401,F403
