"""A collaboration's results, written from the board: its state, progress entries, indicators."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import FormView

from core.limits import AcceptsUploads

from .. import permissions
from ..forms.results import CollaborationStateForm, IndicatorForm, ProgressEntryForm
from ..models import Collaboration
from ..services.results import collaboration_set_state, indicator_save, progress_entry_add
from .mixins import BoardAccessMixin, apply_errors


class CollaborationResultsMixin(BoardAccessMixin):
    """The public collaboration named in the URL; only its recorders may go on (403)."""

    template_name = "bulletin/collaboration_results_form.html"
    heading = ""

    @cached_property
    def collaboration(self) -> Collaboration:
        return get_object_or_404(Collaboration.objects.public(), pk=self.kwargs["pk"])

    def check_action_permission(self):
        if not permissions.can_record_results(self.request.user, self.collaboration):
            raise PermissionDenied(
                _("経過や成果を記入できるのは、連携事業の当事者の自治体の会員だけです。")
            )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            collaboration=self.collaboration, heading=self.heading, **kwargs
        )

    def save(self, form):
        raise NotImplementedError

    def form_valid(self, form):
        try:
            self.save(form)
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("保存しました。公開の連携事業ページに載ります。"))
        return redirect(self.collaboration)


class CollaborationStateView(CollaborationResultsMixin, FormView):
    form_class = CollaborationStateForm
    heading = _("状況と期間")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.collaboration}

    def save(self, form):
        collaboration_set_state(
            user=self.request.user, collaboration=self.collaboration, data=form.cleaned_data
        )


class ProgressEntryCreateView(AcceptsUploads, CollaborationResultsMixin, FormView):
    form_class = ProgressEntryForm
    heading = _("経過を記入")

    def save(self, form):
        progress_entry_add(
            user=self.request.user, collaboration=self.collaboration, data=form.cleaned_data
        )


class IndicatorFormView(CollaborationResultsMixin, FormView):
    """A new indicator, or (with its id) an indicator's figures brought up to date."""

    form_class = IndicatorForm

    @cached_property
    def indicator(self):
        if "indicator" not in self.kwargs:
            return None
        return get_object_or_404(self.collaboration.indicators, pk=self.kwargs["indicator"])

    @property
    def heading(self):
        return _("成果指標を更新") if self.indicator else _("成果指標を追加")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.indicator}

    def save(self, form):
        indicator_save(
            user=self.request.user,
            collaboration=self.collaboration,
            data={name: form.cleaned_data.get(name) for name in form.Meta.fields},
            indicator=self.indicator,
        )
