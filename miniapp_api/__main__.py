"""`python -m miniapp_api ...`: the commands live in the composition root, app/."""

import sys

from app.cli import main

sys.exit(main())
