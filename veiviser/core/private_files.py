"""Files that may hold personal data (case and feedback databases, exports) are the owner's alone.

They are created 0600, and a folder made for them 0700, whatever the process umask, so
another local user can never read a case note or an exported report. An existing file with
wider rights is narrowed when it is opened (databases made before this rule).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

FILE_MODE = 0o600
DIR_MODE = 0o700


def private_folder(folder: Path) -> None:
    """Make `folder` (0700 when we create it; an existing folder keeps its rights: it may be shared)."""
    if not folder.exists():
        folder.mkdir(parents=True, mode=DIR_MODE)
        os.chmod(folder, DIR_MODE)  # mkdir's mode is filtered by the umask


def private_file(path: Path) -> Path:
    """Create `path` empty if missing, and make sure only its owner may read or write it."""
    private_folder(path.parent)
    fd = os.open(path, os.O_CREAT | os.O_RDWR, FILE_MODE)
    try:
        if stat.S_IMODE(os.fstat(fd).st_mode) != FILE_MODE:
            os.fchmod(fd, FILE_MODE)
    finally:
        os.close(fd)
    return path


def write_private(path: Path, data: bytes) -> None:
    """Write `data` to a file only its owner can read (an export may hold personal data)."""
    private_file(path)
    with open(path, "wb") as fh:
        fh.write(data)
