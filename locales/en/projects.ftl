add-name = ➕ <b>New project</b>

    What is it called? Send the name (up to 200 characters).
add-type = What kind of project is it?
add-url = The project's address (optional), e.g. https://example.com:
add-timeout =
    How long a silence before the alarm?
    Choose, or send your own: 90s, 10m, 2h, 1d.
add-confirm =
    Is this right?

    📝 Project: { $name }
    🏷️ Type: { $type }
    🔗 Address: { $url }
    ⏱️ Silence timeout: { $timeout }
btn-create = ✅ Create

projects-list = 📋 <b>Projects</b>
projects-empty = There are no projects yet.
project-created = 🎉 The project is created. Copy the token into your application:
project-card =
    📝 <b>{ $name }</b>
    🏷️ Type: { $type }
    🔗 Address: { $url }
    📊 Status: { $status }
    ⏰ Last heartbeat: { $last_beat }
    🔄 Version: { $version }
    🚨 Errors in 24 h: { $errors_24h }
project-token =
    🔑 Token of <b>{ $name }</b>:
    <code>{ $token }</code>

    Heartbeat with curl:
    <pre>{ $curl }</pre>
    Python SDK:
    <pre>{ $python }</pre>
    Sentry SDK (DSN):
    <code>{ $dsn }</code>
    Ping URL for cron jobs and scripts:
    <code>{ $ping }</code>
    <pre>{ $crontab }</pre>
project-rotate-confirm =
    🔄 Issue a new token for <b>{ $name }</b>?
    The old one stops working at once: update it in every application.
project-settings = ⚙️ Settings of <b>{ $name }</b>
settings-rename = New name for <b>{ $name }</b>:
settings-url = New address for <b>{ $name }</b> (now: { $url }):
settings-timeout = New silence timeout (now: { $timeout }), e.g. 90s, 10m, 2h, 1d:
project-delete-confirm =
    🗑 Delete project <b>{ $name }</b>?
    Its heartbeats, errors, subscriptions and access go with it. This cannot be undone.
invite-choose =
    👥 Invite to <b>{ $name }</b>.
    Viewer: subscriptions and statistics. Maintainer: also settings and token.
    A single-use link works once within a week; the others, as often as needed for a day / a week.
    Open links are listed under 🔐 Access, where you can cancel them.
invite-ready =
    🔗 Invite to <b>{ $name }</b> ({ $role }, { $kind }, until { $expires }):
    { $link }

    Send the link to your colleague: they open the bot and get access.
invite-kind-once = single use
invite-kind-day = for a day
invite-kind-week = for a week
access-list = 👥 Access to <b>{ $name }</b>. Tap a person to revoke their access.
access-nobody = Nobody is invited: only admins have access.
access-revoke-confirm = Revoke user { $person }'s access to <b>{ $name }</b>? Their subscription to the project goes too.
access-revoke-links = { $open_links ->
    [one] 1 open invite link of the project is cancelled too
   *[other] { $open_links } open invite links of the project are cancelled too
}: a link is not tied to the person it was sent to, so any of them could be this person's.
access-revoked = ✅ Access revoked. { $cancelled ->
    [0] No invite link was open.
    [one] 1 open invite link was cancelled with it: make a new one under 👥 Invite for whoever still needs it.
   *[other] { $cancelled } open invite links were cancelled with it: make new ones under 👥 Invite for whoever still needs them.
}
access-links =
    🔗 Open invite links (✖️ cancels one):
    { $links }
access-links-more = …and { $more_links } more, listed here once some above are cancelled or expire.
access-no-links = No invite link is open.
access-link = { $number }. { $role }, { $kind }, until { $expires }, made by { $maker }
link-kind-single = single use
link-kind-reusable = reusable
access-link-cancel-confirm =
    Cancel this invite link to <b>{ $name }</b>?
    { $link }
    Whoever holds it can no longer open it.
access-link-cancelled = ✅ The link is cancelled: it no longer works.
access-link-gone = That link no longer works: nothing to cancel.

btn-copy-token = 📋 Copy token
btn-copy-link = 📋 Copy link
btn-token = 🔑 Token
btn-rotate = 🔄 New token
btn-rotate-yes = ✅ Yes, issue it
btn-settings = ⚙️ Settings
btn-pause = ⏸️ Pause
btn-resume = ▶️ Resume
btn-invite = 👥 Invite
btn-access = 🔐 Access
btn-delete = 🗑 Delete
btn-delete-yes = 🗑 Yes, delete
btn-rename = ✏️ Name
btn-url = 🔗 Address
btn-timeout = ⏱️ Timeout
btn-clear-url = 🚫 No address
btn-revoke-yes = ✅ Revoke
btn-cancel-link = ✖️ Cancel link { $number }
btn-cancel-link-yes = ✅ Yes, cancel it
btn-invite-viewer-once = 👀 Viewer · once
btn-invite-maintainer-once = 🛠 Maintainer · once
btn-invite-viewer-day = 👀 Viewer · a day
btn-invite-maintainer-day = 🛠 Maintainer · a day
btn-invite-viewer-week = 👀 Viewer · a week
btn-invite-maintainer-week = 🛠 Maintainer · a week
btn-origins = 🌐 Browser pages
btn-any-origin = 🌐 Any page
origins-any = any page
settings-origins =
    🌐 Pages that may report for <b>{ $name }</b> from a browser (now: { $origins }).
    Send their origins separated by commas, e.g. <code>https://shop.example, https://*.shop.example</code>. A page elsewhere is refused; servers and cron jobs are not affected.
