"""What the doors accept, as pure functions: the seed's reports and their validation
(`reports`), the Sentry protocol (`sentry`), secrets scrubbed before storing (`scrub`) and bodies
inflated with a cap (`inflate`). Nothing here touches the database.

May import: core, models."""
