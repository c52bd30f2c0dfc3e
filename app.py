"""Veiviser in the browser: `streamlit run app.py --server.address 127.0.0.1` (or `make run`).

The only place the app reads the environment (VEIVISER_HOME, VEIVISER_INDEX, ...);
everything else is in veiviser.ui and the core.
"""

from veiviser.config import Settings
from veiviser.ui.shell import run

run(Settings.from_env, __file__)
