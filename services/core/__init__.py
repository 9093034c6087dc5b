"""The ground every other package stands on: the error root (`errors`), the one settings
object (`settings`), logging (`logs`) and the limits counted in this process (`ratelimit`).

May import: models only."""
