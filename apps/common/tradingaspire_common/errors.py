"""The error every configuration reader raises."""


class ConfigError(ValueError):
    """A setting is missing or malformed. The message names the variable, what is wrong, the expected form and an
    example, and never contains a password. The services print it and exit with code 2 before serving
    (see config.exit_on_config_error)."""
