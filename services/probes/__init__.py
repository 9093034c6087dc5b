"""Active checks, one probe at a time: ask a website, an API or a port whether it answers as
expected, and say why not in a `Failure` a person can read. Pure network I/O: no database, no
state; the watch package schedules probes and the monitors' writer turns outcomes into state.

May import: core."""
