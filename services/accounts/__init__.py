"""Who owns and may see what, and the chats: projects and their tokens (`projects`), who may
do what (`access`), chats, subscriptions and who still hears (`subscribers`), a chat's own time
(`routing`: quiet hours, reminders, digest hour), browser origins (`origins`) and the
management API's keys and their scope (`api_keys`).

May import: everything below it (core … stats), models."""
