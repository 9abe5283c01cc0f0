"""Declaring the admin permissions an app gives the secretariat (see members.roles)."""

MODEL_ACTIONS = ("view", "add", "change", "delete")


def model_permissions(app_label: str, *models: str, actions=MODEL_ACTIONS) -> list[str]:
    """`app_label.action_model` for each model and action: what editing a model in the admin needs."""
    return [f"{app_label}.{action}_{model}" for model in models for action in actions]
