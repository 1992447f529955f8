"""`python -m planpress` is the `planpress` command."""

from planpress.adapters.cli import main

raise SystemExit(main())
