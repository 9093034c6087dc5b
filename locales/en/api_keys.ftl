# The management API's keys (issue 29): the shell (cli/api_keys.py) and the bot's /apikeys
# (bot/dialogs/api_keys.py).

cli-api-key-added = API key "{ $name }" made ({ $scope }). It is shown once, now; only its hash is kept:
cli-api-keys-none = No API keys. Make one with: { $command } add-api-key --name NAME
cli-api-key-line = { $id }. { $name } ({ $prefix }…): { $scope }; last used { $used }
cli-api-key-unused = never
cli-api-key-revoked = API key { $id } ("{ $name }") is revoked: it stops working now.
cli-api-key-read-only = read-only
cli-api-key-read-write = read and write
cli-api-key-all-projects = every project
cli-api-key-one-project = project "{ $name }" only

command-apikeys = Management API keys (admins)
apikeys-title = 🔑 <b>Management API keys</b>
    Scripts and infrastructure code manage projects with them: /api/v1/manage (docs/management-api.md).
apikeys-empty = No keys yet.
apikeys-admins-only = Only admins manage API keys.
apikeys-private-only = API keys are made and listed only in a private chat with the bot: in a group every member would read them.
apikeys-list = { $keys }
apikeys-line = <b>{ $name }</b> <code>{ $prefix }…</code>
    { $scope }; last used: { $used }
apikeys-unused = never
apikeys-read-only = read-only
apikeys-read-write = read and write
apikeys-all-projects = every project
apikeys-one-project = project { $name } only
apikeys-ask-name = What is the key for? Send its name (terraform, deploy script…).
apikeys-ask-read-only = Key <b>{ $name }</b>: may it change things, or only read?
apikeys-ask-project = Key <b>{ $name }</b>: for every project, or for one?
apikeys-made =
    🔑 Key <b>{ $name }</b> is made ({ $scope }). Copy it now: it is shown only this once, and only its hash is kept.

    <code>{ $key }</code>
apikeys-ask-revoke = Revoke key <b>{ $name }</b> (<code>{ $prefix }…</code>)? Whatever uses it stops working at once.
btn-apikeys-new = ➕ New key
btn-apikeys-read-write = Read and write
btn-apikeys-read-only = Read-only
btn-apikeys-all-projects = Every project
btn-apikeys-revoke = 🗑 Revoke
error-api-key-name-empty = The name must not be empty.
error-api-key-name-too-long = The name must be at most 100 characters.
