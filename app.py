"""Veiviser in the browser: `streamlit run app.py --server.address 127.0.0.1` (or `make run`).

The only place the app reads the environment (VEIVISER_HOME, VEIVISER_INDEX, ...);
everything else is in veiviser.ui and the core.
"""

import logging

from veiviser.core.config import Settings
from veiviser.pii import PiiMaskingFilter
from veiviser.ui.shell import run

if not getattr(logging, "_veiviser_configured", False):
    # app logs never carry personal data (issue #7): every record passes the masking filter
    _handler = logging.StreamHandler()
    _handler.addFilter(PiiMaskingFilter())
    logging.basicConfig(level=logging.WARNING, handlers=[_handler], format="%(levelname)s %(name)s: %(message)s")
    logging._veiviser_configured = True  # type: ignore[attr-defined]

run(Settings.from_env, __file__)
