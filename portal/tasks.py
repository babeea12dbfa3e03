"""Background work, run by the task worker (``manage.py db_worker``, or RQ's worker).

Slow jobs are started from a web request or from cron by enqueuing one of these; the worker
runs them with the same code as their management commands.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import get_connection
from django.core.management import call_command
from django_tasks import task

from .email import message_from_dict


@task()
def deliver_email(message: dict) -> int:
    """Send one message through the real delivery backend (SMTP in production)."""
    connection = get_connection(settings.WAYMARK_EMAIL_DELIVERY_BACKEND)
    return connection.send_messages([message_from_dict(message)])


#: Commands the worker may be asked to run; nothing else can be enqueued by name.
BACKGROUND_COMMANDS = frozenset(
    {"purge_personal_data", "rebuild_search_index", "send_review_reminders", "mapping_timetable"}
)


@task()
def run_command(name: str, *args: str) -> None:
    """Run one of Waymark's management commands in the worker (purges, reminders, reindexing)."""
    if name not in BACKGROUND_COMMANDS:
        raise ValueError(f"{name} is not a background command")
    call_command(name, *args)
