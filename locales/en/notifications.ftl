# The seed's three notifications in English, plus recovery.
# Every variable holding user text arrives already HTML-escaped.

notify-heartbeat =
    ✅ Project is up

    📝 Project: { $project }
    🏷️ Type: { $type }
    📊 Status: { $status }
    🔄 Version: { $version }
    ⏰ Time: { $time }

notify-heartbeat-extra = 📋 Additional information:

notify-silence =
    ❌ Warning! Project is not responding

    📝 Project: { $project }
    🏷️ Type: { $type }
    ⚠️ Status: No activity for more than { $timeout }
    ⏰ Last activity: { $last_seen }

notify-recovery =
    ✅ Project is responding again

    📝 Project: { $project }
    🏷️ Type: { $type }
    ⏱️ Silent for: { $downtime }
    ⏰ Time: { $time }

notify-error =
    🚨 New error in project

    Project: { $project }
    Type: { $type }
    Message: { $message }
    Severity: { $severity }
    Time: { $time }

notify-error-context = Context:
notify-error-stack = Stack trace:
notify-more-items = … and { $count } more
notify-no-version = —
notify-cut-marker = … (cut)

notify-run-failed =
    ❌ A run failed

    📝 Project: { $project }
    🏷️ Type: { $type }
    🔢 Exit code: { $exit_code }
    ⏱️ Duration: { $duration }
    ⏰ Time: { $time }
notify-run-log = 📋 Log:
notify-run-hung =
    ⏳ A run did not finish

    📝 Project: { $project }
    🏷️ Type: { $type }
    ▶️ Started: { $started }
    ⚠️ No signal that it ended for more than { $timeout }

notify-reminder =
    ⏰ Reminder: the project is still not responding

    📝 Project: { $project }
    🏷️ Type: { $type }
    ⏱️ Silent for: { $silent }

notify-digest =
    📰 Daily digest — { $project }

    📈 Uptime, 24 h: { $uptime }
    🚨 Errors, 24 h: { $errors }
    🆕 New error groups: { $new_groups }
notify-digest-top = Most frequent errors:

notify-check-down =
    ❌ Check is failing

    📝 Project: { $project }
    🌐 URL: { $url }
    ⚠️ Reason: { $reason }
    ⏱️ Response time: { $elapsed } ms
notify-check-up =
    ✅ Check passes again

    📝 Project: { $project }
    🌐 URL: { $url }
    ⏱️ Down for: { $downtime }
    ⏰ Time: { $time }
notify-check-flapping =
    🔁 Check keeps flipping between up and down

    📝 Project: { $project }
    🌐 URL: { $url }

    Each flip is no longer announced; you will hear when it holds one state for an hour.
notify-check-settled-up =
    ✅ Check is steady again: it has passed for an hour

    📝 Project: { $project }
    🌐 URL: { $url }
notify-check-settled-down =
    ❌ Check is steady again, but failing: down for an hour

    📝 Project: { $project }
    🌐 URL: { $url }
    ⚠️ Reason: { $reason }
notify-certificate =
    🔐 Certificate expires soon

    📝 Project: { $project }
    🌐 URL: { $url }
    ⏳ { $expiry }
