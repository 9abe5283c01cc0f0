from django.contrib import messages
from django.contrib.auth.mixins import AccessMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import FormView, ListView, TemplateView, View
from django_filters.views import FilterView

from bulletin.models import Room
from members.permissions import approved_membership

from . import permissions, services
from .filters import OfferFilter
from .forms import (
    AvailabilityForm,
    CollaborationForm,
    DecisionForm,
    OfferForm,
    RequestForm,
)
from .models import Availability, Offer, OfferRequest


class DirectoryAccessMixin(AccessMixin):
    """Approved members and the secretariat (staff are sent to the second factor first)."""

    secretariat_second_factor = True

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not permissions.can_browse(request.user):
            return render(request, "403.html", status=403)
        try:
            self.check_action_permission()
        except PermissionDenied:
            return render(request, "403.html", status=403)
        return super().dispatch(request, *args, **kwargs)

    def check_action_permission(self) -> None:
        """Raise PermissionDenied if this user may not do what the view does."""


def apply_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class OfferListView(DirectoryAccessMixin, FilterView):
    filterset_class = OfferFilter
    queryset = Offer.objects.active().for_listing()
    paginate_by = 20
    template_name = "directory/offer_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            can_offer=permissions.can_offer(self.request.user), **kwargs
        )


class OfferMixin(DirectoryAccessMixin):
    @cached_property
    def offer(self) -> Offer:
        offer = get_object_or_404(Offer.objects.select_related("ward"), pk=self.kwargs["pk"])
        if not offer.is_active and not permissions.can_edit_offer(self.request.user, offer):
            raise Http404
        return offer


class OfferDetailView(OfferMixin, FormView):
    """The offer, its calendar, and the request form for those who may ask."""

    form_class = RequestForm
    template_name = "directory/offer_detail.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            offer=self.offer,
            availabilities=self.offer.availabilities.all(),
            can_request=permissions.can_request(user, self.offer),
            can_edit=permissions.can_edit_offer(user, self.offer),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        if not permissions.can_request(request.user, self.offer):
            return render(request, "403.html", status=403)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            offer_request = services.request_create(
                offer=self.offer, user=self.request.user, **form.cleaned_data
            )
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("申し込みました。区からの返信はこのページに届きます。"))
        return redirect(offer_request)


class OfferCreateView(DirectoryAccessMixin, FormView):
    form_class = OfferForm
    template_name = "directory/offer_form.html"

    def check_action_permission(self):
        if not permissions.can_offer(self.request.user):
            raise PermissionDenied

    def form_valid(self, form):
        offer = services.offer_create(user=self.request.user, data=form.cleaned_data)
        messages.success(self.request, _("登録しました。利用できる期間を加えてください。"))
        return redirect("directory:offer-edit", pk=offer.pk)


class OfferUpdateView(OfferMixin, FormView):
    """The offer's details and its calendar (availability ranges added and removed here)."""

    form_class = OfferForm
    template_name = "directory/offer_form.html"

    def check_action_permission(self):
        if not permissions.can_edit_offer(self.request.user, self.offer):
            raise PermissionDenied

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.offer}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            offer=self.offer,
            availabilities=self.offer.availabilities.all(),
            **{"availability_form": AvailabilityForm(), **kwargs},
        )

    def form_valid(self, form):
        services.offer_update(offer=self.offer, user=self.request.user, data=form.cleaned_data)
        messages.success(self.request, _("保存しました。"))
        return redirect("directory:offer-edit", pk=self.offer.pk)


class AvailabilityAddView(OfferUpdateView):
    """Adds a range to the offer's calendar (the edit page's second form)."""

    def get(self, request, *args, **kwargs):
        return redirect("directory:offer-edit", pk=self.offer.pk)

    def post(self, request, *args, **kwargs):
        form = AvailabilityForm(request.POST)
        if form.is_valid():
            try:
                services.availability_add(offer=self.offer, user=request.user, **form.cleaned_data)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("利用できる期間を加えました。"))
                return redirect("directory:offer-edit", pk=self.offer.pk)
        context = self.get_context_data(form=OfferForm(instance=self.offer), availability_form=form)
        return self.render_to_response(context, status=400)


class AvailabilityRemoveView(DirectoryAccessMixin, View):
    def post(self, request, pk):
        availability = get_object_or_404(Availability.objects.select_related("offer__ward"), pk=pk)
        if not permissions.can_edit_offer(request.user, availability.offer):
            raise Http404
        services.availability_remove(availability=availability, user=request.user)
        messages.success(request, _("利用できる期間を削除しました。"))
        return redirect("directory:offer-edit", pk=availability.offer_id)


class RequestListView(DirectoryAccessMixin, ListView):
    """The requests of the member's municipality, sent and received (none for the secretariat,
    who is no side of them)."""

    template_name = "directory/request_list.html"
    paginate_by = 30

    def get_queryset(self):
        requests = OfferRequest.objects.for_listing()
        membership = approved_membership(self.request.user)
        if membership is None:
            return requests.none()
        return requests.involving(membership.municipality)


class RequestMixin(DirectoryAccessMixin):
    @cached_property
    def offer_request(self) -> OfferRequest:
        offer_request = get_object_or_404(
            OfferRequest.objects.select_related(
                "offer__ward", "municipality__prefecture", "collaboration", "room"
            ),
            pk=self.kwargs["pk"],
        )
        if not permissions.can_view_request(self.request.user, offer_request):
            raise Http404
        return offer_request


class RequestDetailView(RequestMixin, TemplateView):
    """The request: its dates and state, the way to its 調整ルーム, the ward's answer and the
    collaboration it can end in."""

    template_name = "directory/request_detail.html"

    def get_context_data(self, **kwargs):
        offer_request, user = self.offer_request, self.request.user
        unread = Room.objects.filter(pk=offer_request.room_id).with_unread_for(user).get()
        return super().get_context_data(
            offer_request=offer_request,
            unread_count=unread.unread_count,
            decision_form=DecisionForm() if permissions.can_decide(user, offer_request) else None,
            **{
                "collaboration_form": CollaborationForm()
                if permissions.can_record_collaboration(user, offer_request)
                else None,
                **kwargs,
            },
        )


class RequestDecideView(RequestMixin, View):
    def post(self, request, pk):
        if not permissions.can_decide(request.user, self.offer_request):
            return render(request, "403.html", status=403)
        form = DecisionForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("受け入れるかお断りするかを選んでください。"))
            return redirect(self.offer_request)
        services.request_decide(
            request=self.offer_request,
            user=request.user,
            accept=form.cleaned_data["decision"] == "accept",
            note=form.cleaned_data["note"],
        )
        messages.success(request, _("回答しました。申し込んだ自治体にメールで伝えます。"))
        return redirect(self.offer_request)


class CollaborationRecordView(RequestDetailView):
    """An accepted request recorded as a collaboration (the thread page's last form)."""

    def get(self, request, *args, **kwargs):
        return redirect(self.offer_request)

    def post(self, request, *args, **kwargs):
        if not permissions.can_record_collaboration(request.user, self.offer_request):
            return render(request, "403.html", status=403)
        form = CollaborationForm(request.POST)
        if form.is_valid():
            try:
                collaboration = services.collaboration_record(
                    request=self.offer_request, user=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("連携事業として記録しました。"))
                return redirect(collaboration)
        context = self.get_context_data(collaboration_form=form)
        return self.render_to_response(context, status=400)
