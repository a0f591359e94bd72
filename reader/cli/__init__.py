"""Subcommands of ``ibid``. Each module has ``register(subparsers)``; see reader.app.COMMANDS."""
