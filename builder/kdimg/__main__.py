"""`python -m kdimg`."""
import sys

from kdimg.cli import main

sys.exit(main())
