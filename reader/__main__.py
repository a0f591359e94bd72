import sys

from reader.app import main

sys.exit(main())
