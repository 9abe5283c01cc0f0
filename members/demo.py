"""Demo accounts for development: created by `make run`, never in production."""

from django.contrib.auth import get_user_model
from django.db import transaction

DEMO_PASSWORD = "demo-pass-2014"  # noqa: S105 - development-only demo accounts, documented in README


@transaction.atomic
def create_demo_accounts() -> list:
    User = get_user_model()
    secretariat, created = User.objects.get_or_create(
        email="jimukyoku@example.jp",
        defaults={
            "last_name": "事務局",
            "first_name": "太郎",
            "is_staff": True,
            "is_superuser": True,
        },
    )
    if created:
        secretariat.set_password(DEMO_PASSWORD)
        secretariat.save()
    return [secretariat]
