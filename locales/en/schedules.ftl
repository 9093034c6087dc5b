# Cron schedules (services/monitors/schedule.py): a project expected at set times, in a zone,
# with a grace time, instead of a plain silence timeout.

notify-silence-scheduled =
    ❌ Warning! Project is not responding

    📝 Project: { $project }
    🏷️ Type: { $type }
    ⚠️ Status: the { $expected } run did not report by { $deadline } ({ $tz })
    ⏰ Last activity: { $last_seen }

error-schedule-empty = The schedule is empty. Send a cron expression such as 0 3 * * *.
error-schedule-invalid = I do not understand that schedule. Use 5 cron fields (minute hour day month weekday), e.g. 0 3 * * *, or @hourly, @daily, @weekly, @monthly, @yearly.
error-grace-invalid = I do not understand that grace time. Write it like { -duration-forms }.
error-grace-range = The grace time must be between 0 and 365 days.
error-schedule-options = --tz and --grace go with --schedule (a plain --timeout has no zone or grace).

cli-schedule-set = Project "{ $name }" is expected on "{ $schedule }" ({ $tz }), grace { $grace }. Next runs: { $runs }.
cli-timeout-set = Project "{ $name }" has a plain silence timeout again: { $timeout }.

# The card's heartbeat rule: the plain timeout (moved here from project-card) or the schedule.
card-timeout = ⏱️ Silence timeout: { $timeout }
card-schedule = 🗓 Schedule: <code>{ $schedule }</code> ({ $tz }), grace { $grace }
btn-schedule = 🗓 Schedule
schedule-choose =
    🗓 When does <b>{ $name }</b> run? Now: { $now }.
    Its pings are then expected at those times; late by more than the grace time is an alert.
    Choose, or send a cron expression (minute hour day month weekday), e.g. <code>15 4 * * 1-5</code>.
schedule-now-timeout = a silence timeout of { $timeout }
schedule-now = <code>{ $schedule }</code> ({ $tz }), grace { $grace }
schedule-hourly = Every hour
schedule-daily = Daily at 03:00
schedule-weekdays = Weekdays at 09:00
schedule-weekly = Mondays at 09:00
btn-plain-timeout = ⏱️ Back to a silence timeout
schedule-zone =
    🌍 In which time zone is <code>{ $schedule }</code> meant?
    Send an IANA name such as Europe/Moscow or an offset like +5:30, or take this chat's zone.
btn-zone-chat = 📍 { $tz }
schedule-grace =
    ⏳ How late may a run report before it is an alert? Choose, or send e.g. 90s, 10m, 2h.
schedule-confirm =
    🗓 <b>{ $name }</b>: <code>{ $schedule }</code> ({ $tz }), grace { $grace }.

    The next expected runs:
    { $runs }

    A run that has not reported by its time plus the grace is an alert.
btn-schedule-save = ✅ Save
settings-timeout-plain = Back to a plain silence timeout: how long (now: { $timeout })? E.g. 90s, 10m, 2h, 1d.
