import sys

from miniapp_api.cli import main

sys.exit(main())
