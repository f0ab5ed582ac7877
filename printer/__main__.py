"""`python -m printer agent ...`, the same as `kiosk-printer agent ...`."""

import sys

from printer.agent import main

sys.exit(main())
