start-admin =
    👋 Hello! You are an Error Monitor admin.

    Next steps:
    1. Add a project: <code>python main.py add-project --name "My project" --type bot --url https://example.com</code>
    2. Subscribe this chat: <code>python main.py subscribe --chat-id { $chat_id } --project "My project"</code>
    3. Send heartbeats and errors to the API — notifications will arrive here.

    This chat's ID: <code>{ $chat_id }</code>

start-stranger =
    👋 Hello! This is the Error Monitor bot: it sends notifications about projects' health.

    You have no access to any project yet.
    Your Telegram ID: <code>{ $user_id }</code>
    This chat's ID: <code>{ $chat_id }</code>

    Send your ID to the system's administrator, who can subscribe you to projects.
