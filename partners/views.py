from allauth.account.views import SignupView
from django.views.generic import ListView

from .forms import PartnerSignupForm
from .models import OrganisationKind, PartnerOrganisation
from .pages import attach_sections


class PartnerSignupView(SignupView):
    """The organisations' own sign-up, on allauth's flow (verified mail, then approval)."""

    template_name = "partners/signup.html"
    form_class = PartnerSignupForm

    def get_form_class(self):
        return self.form_class  # not ACCOUNT_FORMS["signup"], the municipal staff's form


class OrganisationListView(ListView):
    """連携団体一覧: approved organisations, what they offer and what they took part in."""

    queryset = PartnerOrganisation.objects.listed().for_directory()
    paginate_by = 20
    template_name = "partners/organisation_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        attach_sections(list(context["object_list"]))
        context["kinds"] = OrganisationKind
        return context
