"""`python -m pkclean`."""

from .launch import main

raise SystemExit(main())
