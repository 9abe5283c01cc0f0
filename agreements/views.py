from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView

from .models import AgreementBody, CorporateAgreement, totals_of
from .pages import body_sections, with_corporate_agreement_sections


class AgreementBodyListView(ListView):
    template_name = "agreements/agreementbody_list.html"
    context_object_name = "bodies"

    def get_queryset(self):
        return AgreementBody.objects.with_member_count()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            totals=totals_of(self.object_list),  # every body is listed
            corporate_agreements=with_corporate_agreement_sections(
                CorporateAgreement.objects.all()
            ),
            sections=body_sections(),
            **kwargs,
        )


class AgreementBodyDetailView(DetailView):
    context_object_name = "body"

    def get_queryset(self):
        return AgreementBody.objects.select_related("prefecture")

    def get_context_data(self, **kwargs):
        # The page lists every member, so their number is the list's length: the same count as
        # with_member_count() annotates on the list, without its subqueries.
        members = self.object.members().links()
        self.object.member_count = len(members)
        return super().get_context_data(
            members=members,
            sections=body_sections(self.object),
            **kwargs,
        )


class AgreementBodyPRView(ListView):
    """The PR pages of a body's member municipalities (as the project's site had for 京都府市町村)."""

    template_name = "agreements/agreementbody_pr.html"
    paginate_by = 24
    context_object_name = "municipalities"

    def get_queryset(self):
        self.body = get_object_or_404(
            AgreementBody.objects.select_related("prefecture"), slug=self.kwargs["slug"]
        )
        return self.body.members().with_pr_page()

    def get_context_data(self, **kwargs):
        return super().get_context_data(body=self.body, **kwargs)
