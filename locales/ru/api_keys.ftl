# Ключи API управления (issue 29): командная строка (cli/api_keys.py) и /apikeys в боте
# (bot/dialogs/api_keys.py).

cli-api-key-added = Ключ API «{ $name }» создан ({ $scope }). Он показывается один раз, сейчас; хранится только его хеш:
cli-api-keys-none = Ключей API нет. Создать: { $command } add-api-key --name ИМЯ
cli-api-key-line = { $id }. { $name } ({ $prefix }…): { $scope }; последний вызов: { $used }
cli-api-key-unused = не было
cli-api-key-revoked = Ключ API { $id } («{ $name }») отозван и больше не работает.
cli-api-key-read-only = только чтение
cli-api-key-read-write = чтение и запись
cli-api-key-all-projects = все проекты
cli-api-key-one-project = только проект «{ $name }»

command-apikeys = Ключи API управления (для админов)
apikeys-title = 🔑 <b>Ключи API управления</b>
    С ними скрипты и код инфраструктуры управляют проектами: /api/v1/manage (docs/management-api.md).
apikeys-empty = Ключей пока нет.
apikeys-admins-only = Ключами API управляют только админы.
apikeys-private-only = Ключи API создаются и показываются только в личном чате с ботом: в группе их прочли бы все участники.
apikeys-list = { $keys }
apikeys-line = <b>{ $name }</b> <code>{ $prefix }…</code>
    { $scope }; последний вызов: { $used }
apikeys-unused = не было
apikeys-read-only = только чтение
apikeys-read-write = чтение и запись
apikeys-all-projects = все проекты
apikeys-one-project = только проект { $name }
apikeys-ask-name = Для чего ключ? Пришлите его название (terraform, скрипт деплоя…).
apikeys-ask-read-only = Ключ <b>{ $name }</b>: может ли он что-то менять или только читать?
apikeys-ask-project = Ключ <b>{ $name }</b>: для всех проектов или для одного?
apikeys-made =
    🔑 Ключ <b>{ $name }</b> создан ({ $scope }). Скопируйте его сейчас: он показывается только один раз, хранится лишь его хеш.

    <code>{ $key }</code>
apikeys-ask-revoke = Отозвать ключ <b>{ $name }</b> (<code>{ $prefix }…</code>)? Всё, что им пользуется, сразу перестанет работать.
btn-apikeys-new = ➕ Новый ключ
btn-apikeys-read-write = Чтение и запись
btn-apikeys-read-only = Только чтение
btn-apikeys-all-projects = Все проекты
btn-apikeys-revoke = 🗑 Отозвать
error-api-key-name-empty = Название не может быть пустым.
error-api-key-name-too-long = Название — не длиннее 100 символов.
