"""The clocks that move monitors: the silence checker (`silence`), when the monitor listened
(`listening`), writes still on their way (`in_flight`) and the daily digest (`digest`).

May import: everything below it (core … notify), models."""
