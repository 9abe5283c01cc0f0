"""Authentication backends: Django's and allauth's, reading a session's user with the
membership and its municipality in the same query.

Every member page asks who the user is, whether the membership is approved and for which
municipality (members/permissions.py): without this, that is three queries on each request.
"""

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend


class _UserWithMembership:
    def get_user(self, user_id):
        users = get_user_model()._default_manager.select_related("membership__municipality")
        user = users.filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None


class ModelBackend(_UserWithMembership, DjangoModelBackend):
    pass


class AuthenticationBackend(_UserWithMembership, AllauthBackend):
    pass
