"""``ferry``: the command line for CI pipelines — validate, deploy and inspect workflows."""
