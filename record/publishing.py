"""The secretariat's public communication: news (お知らせ), its feed, the publications library."""

from django.contrib.syndication.views import Feed
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView
from django_filters.views import FilterView

from core.sites import site_url

from .filters import NewsFilter, PublicationFilter
from .formatting import render_news_body
from .models import NewsItem, Publication
from .texts import render_document


class NewsListView(FilterView):
    filterset_class = NewsFilter
    template_name = "record/news_list.html"
    paginate_by = 20

    def get_queryset(self):
        return NewsItem.objects.public().latest_first()


class NewsDetailView(DetailView):
    template_name = "record/news_detail.html"
    context_object_name = "item"

    def get_queryset(self):
        return NewsItem.objects.public()

    def get_context_data(self, **kwargs):
        item = self.object
        image = ""
        if item.image:
            url = item.image.url
            image = url if url.startswith(("http://", "https://")) else site_url(url)
        return super().get_context_data(
            body_html=render_news_body(item.body),
            og_type="article",
            og_image=image,
            og_image_alt=item.image_alt,
            **kwargs,
        )


def _pdf_response(file, filename: str) -> FileResponse:
    # The file was checked to be a PDF when it was uploaded; it is served as exactly that, never
    # as whatever a browser would sniff (nosniff comes from SecurityMiddleware).
    return FileResponse(
        file.open("rb"), content_type="application/pdf", filename=filename, as_attachment=False
    )


def news_attachment(request, pk: int):
    item = get_object_or_404(NewsItem.objects.public(), pk=pk)
    if not item.attachment:
        raise Http404
    return _pdf_response(item.attachment, item.attachment_name or f"news-{item.pk}.pdf")


class NewsFeed(Feed):
    feed_type = Atom1Feed
    title = _("特別区全国連携プロジェクト お知らせ")
    subtitle = _("事務局からのお知らせ・イベント・募集・災害支援・報道発表")
    # RFC 4287: a feed names its author (or every entry does).
    author_name = _("特別区長会事務局")
    link = reverse_lazy("record:news-list")

    def items(self):
        return NewsItem.objects.public().latest_first()[:30]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return render_news_body(item.body)

    def item_categories(self, item):
        return [item.get_category_display()]

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_enclosure_url(self, item):
        return item.attachment and item.get_attachment_url()

    def item_enclosure_length(self, item):
        return item.attachment_size or 0

    item_enclosure_mime_type = "application/pdf"


class PublicationListView(FilterView):
    filterset_class = PublicationFilter
    template_name = "record/publication_list.html"
    paginate_by = 30
    queryset = Publication.objects.for_listing()


class PublicationTextView(DetailView):
    """A publication's text as a page, where the text was taken from the documents."""

    template_name = "record/publication_text.html"
    context_object_name = "publication"

    def get_queryset(self):
        return Publication.objects.with_text().select_related("newsletter", "event")

    def get_context_data(self, **kwargs):
        return super().get_context_data(text_html=render_document(self.object.text), **kwargs)


def publication_file(request, slug: str):
    publication = get_object_or_404(Publication, slug=slug)
    if not publication.file:
        raise Http404
    return _pdf_response(publication.file, f"{publication.slug}.pdf")
