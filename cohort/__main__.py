from cohort.cli import entry

raise SystemExit(entry())
