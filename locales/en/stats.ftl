stats-choose = 📊 Statistics of which project?
stats-view =
    📊 <b>{ $name }</b>

    Status: { $status }
    Last heartbeat: { $last_beat }

    Uptime: 24 h — { $uptime_day }, 7 days — { $uptime_week }
    Heartbeats: 24 h — { $beats_day }, 7 days — { $beats_week }
    Errors in 24 h: { $errors_day }
    Errors in 7 days: { $errors_week }
stats-top =
    Most frequent errors in { $period }:
    { $top }
stats-checks =
    🌐 Checks in { $period }:
    { $checks }
stats-check = { $url }: uptime { $uptime } · p50 { $p50 } · p95 { $p95 } · failed { $failures } of { $probes }
stats-checks-more = …and { $more } more
stats-ms = { $ms } ms
stats-period-day = 24 h
stats-period-week = 7 days
stats-chart-caption = 📊 <b>{ $name }</b>: { $period }
stats-chart-title-day = Errors per hour, last 24 hours (UTC)
stats-chart-title-week = Errors per 6 hours, last 7 days (UTC)
stats-chart-errors = Errors
stats-chart-no-errors = No errors
stats-chart-uptime = Uptime
stats-chart-up = up
stats-chart-down = not responding
stats-chart-unmonitored = not monitored (new or paused)
stats-chart-response = Response, ms
stats-chart-no-responses = No passing probes
stats-chart-p50 = p50 (median)
stats-chart-p95 = p95
