"""Who may do what through the API: anyone reads; signed-in staff with the model's permission write.

What a client may *see* is decided by the querysets (`visible_to`); what a move through review
needs is decided by the workflow, which names its refusal. This class only keeps anonymous
clients and roles without the model permission away from writes.
"""

from rest_framework import permissions


class EditorialPermission(permissions.DjangoModelPermissions):
    """Reads for everyone; writes need the model permission of the method (admins delete)."""

    perms_map = {
        **permissions.DjangoModelPermissions.perms_map,
        "GET": [],
        "HEAD": [],
        "OPTIONS": [],
    }

    def has_permission(self, request, view):
        if request.method in permissions.SAFE_METHODS:
            return True
        if not (request.user and request.user.is_authenticated):
            return False
        if getattr(view, "action", None) in getattr(view, "workflow_actions", ()):
            # The workflow checks the role of a move itself and says why it refuses.
            return True
        if getattr(view, "queryset", None) is None and not hasattr(view, "get_queryset"):
            # Read-only views (exports, the API root) take no writes at all.
            return False
        if request.method == "DELETE" and not super().has_permission(request, view):
            self.message = (
                "Only administrators delete a record for good. Move it to the bin instead: "
                'POST its transition/ with {"action": "delete", "version": …}; "restore" '
                "brings it back."
            )
            return False
        return super().has_permission(request, view)
