"""What the packaged executables run (PyInstaller needs a script, not a module entry point)."""

import sys

from app.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
