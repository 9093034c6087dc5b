# Issue 29: setting up status pages (services/accounts/status_pages.py, cli/status_pages.py,
# bot/dialogs/status_pages.py) and the badges' line on the project card.

command-statuspage = Public status pages

# The bot: /statuspage
statuspage-list = 📄 <b>Status pages</b>
    A status page shows anyone with its address whether your projects are up, and their uptime. Never tokens or error texts.
statuspage-empty = You have no status pages yet.
statuspage-line = • <b>{ $title }</b>: { $url }
statuspage-view =
    📄 <b>{ $title }</b>
    🔗 { $url }
    Projects: { $projects }
    Error counts: { $errors }
statuspage-errors-on = shown (how many, never their text)
statuspage-errors-off = hidden
statuspage-delete-confirm = Delete the page <b>{ $title }</b>? Its address { $url } stops working at once.
statuspage-choose-projects = Which projects does the new page show? Tap them in the order the page lists them, then Next.
statuspage-ask-slug = Type the page's address: 2 to 64 lowercase letters a-z, digits and dashes, e.g. <code>shop-status</code>. The page will be at /status/<i>address</i>.
statuspage-ask-title = Type the page's title, or use its address <code>{ $slug }</code> as the title.
btn-statuspage-new = ➕ New page
btn-statuspage-errors-on = 🔢 Show error counts
btn-statuspage-errors-off = 🙈 Hide error counts
btn-statuspage-delete = 🗑 Delete the page
btn-statuspage-delete-yes = 🗑 Yes, delete it
btn-statuspage-next = Next ➡️
btn-statuspage-title-slug = Use the address as the title

# Refusals (the bot and the shell)
error-slug-length = The address must be 2 to 64 characters long.
error-slug-invalid = The address may hold only lowercase letters a-z, digits and dashes (-).
error-slug-taken = A page with this address exists already: choose another.
error-page-title-empty = The title cannot be empty.
error-page-title-too-long = The title is longer than 200 characters: make it shorter.
error-page-no-projects = Choose at least one project for the page.
error-page-too-many-projects = A status page shows at most 50 projects.
error-page-not-found = There is no status page with this address.
error-page-not-yours = This is not your status page, or you no longer see all of its projects.
error-status-page-slug-needed = Say which page: --slug S (or --list for every page).

# The shell: main.py status-page
cli-status-page-created = Status page "{ $slug }" is made: { $url }
cli-status-page-updated = Status page "{ $slug }" is changed: { $url }
cli-status-page-deleted = Status page "{ $slug }" is deleted.
cli-status-page-none = No status pages yet.
cli-status-page-line = { $url } — { $title }: { $projects }

# The project card: its badges for a README (docs/badges.md)
card-badges = 🏷 Badges: { $badge_url } · { $uptime_badge_url }
