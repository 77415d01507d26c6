"""`python -m pkclean`."""

from .cli import main

raise SystemExit(main())
