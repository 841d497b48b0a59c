from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group
from django.db.models import Exists, OuterRef

from exercises.permissions import COACHES_GROUP


class CoachAwareBackend(ModelBackend):
    """Django's ModelBackend, whose get_user also answers "is this a coach?" in the same
    query, so a coach's page does not spend a query of its own on it (see is_coach)."""

    def get_user(self, user_id):
        users = get_user_model()._default_manager
        coaches = Group.objects.filter(name=COACHES_GROUP, user=OuterRef("pk"))
        try:
            user = users.annotate(hipcare_is_coach=Exists(coaches)).get(pk=user_id)
        except users.model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
