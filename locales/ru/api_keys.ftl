# Ключи API управления (issue 29): командная строка (cli/api_keys.py) и /apikeys в боте
# (bot/dialogs/api_keys.py).

cli-api-key-added = Ключ API «{ $name }» создан ({ $scope }). Он показывается один раз, сейчас; хранится только его хеш:
cli-api-keys-none = Ключей API нет. Создать: python main.py add-api-key --name ИМЯ
cli-api-key-line = { $id }. { $name } ({ $prefix }…): { $scope }; последний вызов: { $used }
cli-api-key-unused = не было
cli-api-key-revoked = Ключ API { $id } («{ $name }») отозван и больше не работает.
cli-api-key-read-only = только чтение
cli-api-key-read-write = чтение и запись
cli-api-key-all-projects = все проекты
cli-api-key-one-project = только проект «{ $name }»
