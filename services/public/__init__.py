"""What the public sees: status pages (`page`), read-only and with nothing private on them."""
