"""One module per CLI subcommand. Each exposes ``NAME``, ``HELP``, ``add_arguments(parser)``
and ``main(args) -> int``. Listed in :data:`cohort.cli.COMMANDS`."""
