"""Kept for the modules that still import the coach check from here (triage.views); the
coach role is the project's, in hipcare.auth."""

from hipcare.auth import COACHES_GROUP, coach_required, is_coach

__all__ = ["COACHES_GROUP", "coach_required", "is_coach"]
