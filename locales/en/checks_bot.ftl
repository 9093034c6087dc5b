# Active checks in the bot: the step of /addproject that offers one, the card's summary, and
# the screens of a project's checks (bot/dialogs/projects/checks.py).

add-check =
    🌐 Check <b>{ $url }</b> from here?
    The monitor opens it at the interval you choose and alerts after { $confirm ->
        [one] a failed check
       *[other] { $confirm } failed checks in a row
    } (no answer, or a status outside 200–399).
add-keyword =
    🔎 A word or phrase the page must contain (optional), e.g. a line of its footer.
    Send it, or skip: then any answer with a good status passes.
add-confirm-check = 🌐 Check: { $check_every }
add-confirm-keyword = 🔎 Keyword: { $keyword }
btn-no-check = 🚫 Don't check

check-every = every { $interval }
check-icon = { $state ->
    [up] ✅
    [down] ❌
    [paused] ⏸
   *[new] 🆕
}
check-state = { $state ->
    [up] ✅ up
    [down] ❌ failing
    [paused] ⏸ paused
   *[new] 🆕 new
}
check-result-http = HTTP { $status } · { $ms } ms
check-result-tcp = connected · { $ms } ms
check-result-none = not checked yet
check-line = { $icon } { $url } · { $every } · { $result }
check-button = { $icon } { $url }

card-checks =
    🌐 Checks:
    { $checks }
card-checks-more = …and { $more_checks } more under 🌐 Checks.

checks-list = 🌐 <b>Checks of { $name }</b>
checks-lines = { $lines }
checks-more = …and { $more } more: the buttons below list them all.
checks-none = No checks yet. A check opens a website or an API, or connects to a port, at an interval and alerts when it fails.
check-view =
    🌐 <b>Check of { $name }</b>
    🔗 { $url }
    📊 State: { $state }
    🔁 Checked { $every }, timeout { $timeout }
check-view-expected = 🎯 Expected: HTTP { $expected }
check-view-keyword = 🔎 Must contain: { $keyword }
check-view-keyword-absent = 🔎 Must not contain: { $keyword }
check-view-last = 🕐 Last check: { $last_at } — { $result }
check-view-never = 🕐 Last check: not checked yet
check-view-certificate = 🔒 Certificate valid until { $certificate }
check-interval =
    🔁 How often should <b>{ $url }</b> be checked?
    Now: { $every }. The new interval applies from the next check on.
check-delete-confirm =
    🗑 Delete the check of <b>{ $url }</b>?
    Its results go with it; an alert of an ongoing outage keeps its last text.
check-new-url =
    ➕ <b>New check of { $name }</b>
    Send the address to check: https://… for a website or an API (a status 200–399 passes), tcp://host:port for a port.
check-new-interval = 🔁 How often should <b>{ $url }</b> be checked?

btn-checks = 🌐 Checks
btn-add-check = ➕ Add check
btn-check-interval = 🔁 Interval
