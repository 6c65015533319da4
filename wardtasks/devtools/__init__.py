"""Developer tools: commands for benchmarks and tests, never used by the running app.

Nothing in the app imports this package; ``flask seed-scale`` (registered in
:mod:`wardtasks.cli`) loads it only when the command runs.
"""
