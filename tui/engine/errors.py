"""Errors the user can fix: the CLI turns them into one clear line and exit code 2."""


class UserError(Exception):
    """Bad input from the user (config, preset, CSV, command line). Never a bug."""


class ConfigError(UserError):
    """A config, preset or ``--set`` value is invalid. The message names the key."""


class DataError(UserError):
    """A dataset cannot be used. The message names the file, column or line."""
