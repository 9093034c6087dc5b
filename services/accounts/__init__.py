"""Who owns and may see what, and the chats: projects and their tokens (`projects`), who may
do what (`access`), chats, subscriptions and who still hears (`subscribers`), a chat's own time
(`routing`: quiet hours, reminders, digest hour) and browser origins (`origins`).

May import: everything below it (core … stats), models."""
