# Maintenance windows: outages and failed runs are not alerted meanwhile
# (services/accounts/maintenance.py, cli/maintenance.py, api/maintenance.py, the bot).

maintenance-on-until = 🔧 Maintenance until { $until }
maintenance-on-open = 🔧 Maintenance until someone ends it
maintenance-by = by { $who }
maintenance-by-deploy-script = by a deploy script
maintenance-weekly-line = { $days } at { $at } for { $length } ({ $tz })

# Buttons under an outage alert (named after the project: alerts may share a message)
alert-button-maintenance-hour = 🔧 1 h: { $project }
alert-button-maintenance-open = 🔧 until I end it: { $project }
alert-button-maintenance-end = 🔧 End maintenance: { $project }

# The project card, its settings and /stats
btn-maintenance-hour = 🔧 1 h
btn-maintenance-open = 🔧 until I end it
btn-maintenance-end = End maintenance
btn-maintenance-settings = 🔧 Maintenance
btn-maintenance-add-weekly = ➕ Weekly window
btn-maintenance-errors-alert = 🔔 Errors alert during maintenance
btn-maintenance-errors-quiet = 🔕 Errors stay quiet during maintenance
maintenance-settings =
    🔧 <b>Maintenance of { $name }</b>
    During a window, outages and failed runs are not alerted; a project still down when it ends is alerted then. Errors are stored and counted; { $errors }.
    Weekly windows (tap one to remove it):
maintenance-errors-alert = they alert as usual
maintenance-errors-quiet = they do not alert
maintenance-no-weekly = none yet
settings-maintenance-weekly =
    Type the days, the start time and the length of a weekly window, in your time zone ({ $tz }):
    <code>mon-fri 02:00 2h</code>, <code>sat 23:30 4h</code>, <code>daily 03:00 30m</code>
stats-maintenance = 🔧 In maintenance: uptime leaves it out.

# The shell
cli-maintenance-started = Project "{ $name }" is in maintenance until { $until } (UTC): its outages and failed runs are not alerted meanwhile.
cli-maintenance-ended = Maintenance of "{ $name }" ended. If it is still down, it is alerted now.
cli-maintenance-none = Project "{ $name }" is not in maintenance.
cli-maintenance-on = Project "{ $name }" is in maintenance until { $until } (UTC).
cli-maintenance-on-open = Project "{ $name }" is in maintenance until someone ends it.
cli-maintenance-weekly-added = Weekly window { $id } added to project "{ $name }".
cli-maintenance-weekly-line = weekly window { $id }: { $days } at { $at } for { $minutes } min ({ $tz })
cli-maintenance-weekly-removed = Weekly window { $id } of "{ $name }" is removed.
cli-maintenance-errors-alert = Errors of "{ $name }" alert during maintenance.
cli-maintenance-errors-quiet = Errors of "{ $name }" do not alert during maintenance (they are still stored and counted).

# Refusals
error-maintenance-length = I do not understand that length. Write it like { -duration-forms }.
error-maintenance-length-range = Maintenance lasts from 1 minute to 30 days; a weekly window at most 7 days.
error-maintenance-past = The end of maintenance must be in the future.
error-maintenance-until = I do not understand that time. Example: 2026-12-31T18:00, or with an offset: 2026-12-31T18:00+03:00.
error-maintenance-days = I do not understand those days. Examples: mon,wed,fri; mon-fri; daily; weekdays; weekends.
error-maintenance-time = I do not understand that time of day. Example: 02:00.
error-maintenance-weekly-typed = Type three things: the days, the start time and the length, like mon-fri 02:00 2h.
error-maintenance-one-action = Say one of --for, --until, --end, --weekly, --list, --remove-weekly, --errors.
error-maintenance-weekly-needs = A weekly window needs --at (its start: 02:00) and --for (its length: 2h).
error-maintenance-window-unknown = The project has no such weekly window: see --list.
