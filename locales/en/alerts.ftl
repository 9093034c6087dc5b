# Error and incident alerts as living messages: headers, buttons, the footer edits add,
# the Details view and the answers to button presses.

notify-error-regression = 🔁 Regression: this error was resolved and has happened again
notify-error-unmuted = 🔔 The mute is over: this error is back

alert-button-resolve = ✅ Resolve
alert-button-details = 📄 Details
alert-button-mute-hour = 🔕 1 h
alert-button-mute-day = 🔕 24 h
alert-button-mute-rate = 🔕 until > { $n }/h
alert-button-ignore = 🙈 Ignore
alert-button-reopen = ↩️ Reopen
alert-button-pause = ⏸ Pause monitoring: { $project }
alert-button-resume = ▶️ Resume monitoring: { $project }

alert-seen = 📈 ×{ $count } since { $first }, last at { $last }
alert-did-resolve = ✅ Resolved by { $who } at { $at }
alert-did-mute1h = 🔕 Muted by { $who } until { $until }
alert-did-mute24h = 🔕 Muted by { $who } until { $until }
alert-did-muterate = 🔕 Muted by { $who } at { $at } until more than { $n } per hour
alert-did-ignore = 🙈 Ignored by { $who } at { $at }
alert-did-reopen = ↩️ Reopened by { $who } at { $at }

alert-incident-silent = ⏱️ Silent for { $silent } (as of { $time })
alert-incident-down = ⏱️ Failing for { $silent } (as of { $time })
alert-incident-check-paused = ⏸ Check paused at { $time }
alert-incident-recovered = ✅ Recovered after { $downtime } at { $time }
alert-incident-paused = ⏸ Monitoring paused by { $who } at { $time }

alert-answer-done = Done
alert-answer-denied = Only the project's maintainers can do this
alert-answer-gone = This alert is out of date: its error or project no longer exists

group-status-open = open
group-status-resolved = resolved
group-status-muted = muted
group-status-ignored = ignored

details-title = Error details — { $project }
details-type = Type: { $type }
details-message = Message: { $message }
details-severity = Severity: { $severity }
details-status = Status: { $status }
details-count = Seen: { $count } times
details-first = First seen: { $time }
details-last = Last seen: { $time }
details-release = Release: { $release }
details-culprit = Where: { $culprit }
details-context = Context:
details-stack = Stack trace:
details-recent = Last { $count } occurrences:
details-file-caption = Full details of the error (too long for a message)
