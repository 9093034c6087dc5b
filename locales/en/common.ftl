command-start = Main menu
command-addproject = Add a project
command-listprojects = List projects
command-subscribe = Subscribe to a project's notifications
command-unsubscribe = Unsubscribe from notifications
command-stats = Project statistics
command-help = Help
command-language = Language / Язык
command-timezone = This chat's time zone
option-off = off

btn-back = ⬅️ Back
btn-close = ✖️ Close
btn-skip = Skip ➡️
btn-save = 💾 Save

type-bot = Bot
type-website = Website
type-api = API
type-service = Service
type-cron = Cron job
type-other = Other

status-new = 🆕 no heartbeat yet
status-up = ✅ up
status-down = ❌ not responding
status-paused = ⏸️ paused

severity-debug = debug
severity-info = info
severity-warning = warning
severity-error = error
severity-critical = critical

role-viewer = viewer
role-maintainer = maintainer

error-generic = That did not work. Please try again.
error-text-expected = I need text: send the answer as a plain message.
error-name-empty = The name cannot be empty.
error-name-too-long = The name is longer than 200 characters: make it shorter.
error-name-taken = A project with this name exists already: choose another.
error-project-not-found = No project has this id or name.
error-url-invalid = That does not look like an address: it needs http:// or https://, e.g. https://example.com
error-origins-invalid = Origins look like https://shop.example or https://*.shop.example (scheme and host, no path), separated by commas; send - for any page.
error-timeout-invalid = I do not understand that duration. Write it like { -duration-forms }.
error-timeout-range = The timeout must be between 1 second and 365 days.
error-access-denied = You have no access to this project.
error-group-admin-only = In a group, only its administrators change its settings: subscriptions, language, time zone.
error-bot-state-unavailable = ⚠️ The bot cannot hold a conversation right now: its state storage (Redis) does not answer. Alerts still arrive. Please try again in a few minutes.
dialog-unavailable = Someone else's dialog got in the way here. Please send the command again.
error-check-url-invalid = A check needs an http:// or https:// address, or tcp://host:port, e.g. https://example.com or tcp://db.example:5432
error-interval-invalid = That is not an interval: write it like { -duration-forms }.
error-interval-range = The interval must be between 5 seconds and 24 hours.
error-check-timeout-range = A check's timeout must be between 1 and 60 seconds, and no longer than its interval.
error-expected-status-invalid = The expected status is a code or a range, e.g. 200 or 200-399.
error-confirm-range = Confirm must be between 1 and 10 failures in a row.
error-keyword-too-long = The keyword must be at most 256 characters.
error-keyword-on-tcp = A tcp:// check only connects: it cannot look for a keyword.
error-check-not-found = There is no such check (it may have been deleted).
error-http-options-on-tcp = A tcp:// check only connects: method, headers, body, JSON field and the slow threshold are for http(s):// checks.
error-method-invalid = The method must be GET, HEAD, POST, PUT, PATCH, DELETE or OPTIONS.
error-body-too-long = The request body must be at most 64 KB.
error-json-field-invalid = The JSON field is a dotted path, e.g. data.status or items.0.state.
error-header-invalid = A header is written as Name: value, one per line, 20 at most.
error-degraded-invalid = The slow threshold must be between 1 and 60 seconds, e.g. 2s.
