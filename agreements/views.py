from django.views.generic import DetailView, ListView

from .models import AgreementBody, CorporateAgreement


class AgreementBodyListView(ListView):
    template_name = "agreements/agreementbody_list.html"
    context_object_name = "bodies"

    def get_queryset(self):
        return AgreementBody.objects.with_member_count()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            totals=AgreementBody.objects.totals(),
            corporate_agreements=CorporateAgreement.objects.all(),
            **kwargs,
        )


class AgreementBodyDetailView(DetailView):
    context_object_name = "body"

    def get_queryset(self):
        return AgreementBody.objects.with_member_count()

    def get_context_data(self, **kwargs):
        return super().get_context_data(members=self.object.members(), **kwargs)
