# The management API's keys (issue 29): the shell (cli/api_keys.py) and the bot's /apikeys
# (bot/dialogs/api_keys.py).

cli-api-key-added = API key "{ $name }" made ({ $scope }). It is shown once, now; only its hash is kept:
cli-api-keys-none = No API keys. Make one with: python main.py add-api-key --name NAME
cli-api-key-line = { $id }. { $name } ({ $prefix }…): { $scope }; last used { $used }
cli-api-key-unused = never
cli-api-key-revoked = API key { $id } ("{ $name }") is revoked: it stops working now.
cli-api-key-read-only = read-only
cli-api-key-read-write = read and write
cli-api-key-all-projects = every project
cli-api-key-one-project = project "{ $name }" only
