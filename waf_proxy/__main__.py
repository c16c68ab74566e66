import sys

from waf_proxy.cli import main

sys.exit(main())
