start-admin =
    👋 Здравствуйте! Вы администратор Error Monitor.

    Что дальше:
    1. Добавьте проект: <code>python main.py add-project --name "Мой проект" --type bot --url https://example.com</code>
    2. Подпишите этот чат на уведомления: <code>python main.py subscribe --chat-id { $chat_id } --project "Мой проект"</code>
    3. Отправляйте heartbeat и ошибки на API — уведомления придут сюда.

    ID этого чата: <code>{ $chat_id }</code>

start-stranger =
    👋 Здравствуйте! Это бот Error Monitor: он присылает уведомления о работе проектов.

    У вас пока нет доступа ни к одному проекту.
    Ваш Telegram ID: <code>{ $user_id }</code>
    ID этого чата: <code>{ $chat_id }</code>

    Отправьте ID администратору системы — он подпишет вас на нужные проекты.
