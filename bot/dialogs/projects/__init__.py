"""/listprojects: the list, each project's card, its token (show, rotate), settings, pause,
active checks, invites, who has access, and deletion. Every getter and handler re-checks the
actor's access.

Each window is built by a named function in the module of its concern, with a getter that
loads only what that window shows. Functions like the dialog's own: a Dialog is a Router and
can be attached once, so tests build a fresh one per dispatcher, made whole from scratch."""

from aiogram_dialog import Dialog

from bot.dialogs.projects.access import access_window, cancel_link_window, revoke_window
from bot.dialogs.projects.card import card_window, delete_window, project_list_window
from bot.dialogs.projects.checks import (
    check_delete_window,
    check_interval_window,
    check_window,
    checks_window,
    new_check_interval_window,
    new_check_url_window,
)
from bot.dialogs.projects.dependencies import depends_window
from bot.dialogs.projects.escalation import (
    escalation_after_window,
    escalation_chat_window,
    escalation_mention_window,
    escalation_window,
)
from bot.dialogs.projects.invite import invite_ready_window, invite_window
from bot.dialogs.projects.maintenance import maintenance_window, weekly_window
from bot.dialogs.projects.schedule import schedule_windows
from bot.dialogs.projects.scope import on_dialog_start
from bot.dialogs.projects.settings import (
    origins_window,
    rename_window,
    settings_window,
    timeout_window,
    url_window,
)
from bot.dialogs.projects.token import rotate_window, token_window


def projects_dialog() -> Dialog:
    return Dialog(
        project_list_window(),
        card_window(),
        token_window(),
        rotate_window(),
        settings_window(),
        rename_window(),
        url_window(),
        timeout_window(),
        origins_window(),
        delete_window(),
        invite_window(),
        invite_ready_window(),
        access_window(),
        revoke_window(),
        cancel_link_window(),
        checks_window(),
        check_window(),
        check_interval_window(),
        check_delete_window(),
        new_check_url_window(),
        new_check_interval_window(),
        *schedule_windows(),
        maintenance_window(),
        weekly_window(),
        depends_window(),
        escalation_window(),
        escalation_after_window(),
        escalation_chat_window(),
        escalation_mention_window(),
        on_start=on_dialog_start,
    )
