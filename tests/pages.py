"""The site's public pages on the shipped data (`shipped_data`): one list for every test that
walks them all (valid HTML, fits a phone). A new public page is added here once."""

# Pages in Japanese, the site's language, that anyone can open.
PUBLIC_PAGES = [
    "/",
    "/about/",
    "/timeline/",
    "/partners/",
    "/agreements/",
    "/agreements/gunma-mayors/",
    "/events/",
    "/events/exhibition-2019-1/",
    "/events/?ward=131091&kind=exhibition",  # filtered: names the ward it is filtered by
    "/events/symposium-2016-2/",
    "/municipalities/",
    "/municipalities/182109/",  # 坂井市, a member town
    "/municipalities/131091/",  # 品川区, a ward
    "/municipalities/042056/",  # 気仙沼市: a lecture's speaker, disaster support received
    "/collaborations/",
    "/collaborations/tokachi-taito-sumida/",
    "/collaborations/kushiro-arakawa/",  # an outcome indicator (資料2's KPI) as bars
    "/collaborations/results/",  # totals per fiscal year, computed
    "/collaborations/?state=completed",
    "/disaster-support/",
    "/policy/",
    "/newsletters/",
    "/library/",
    "/library/interim-summary-2018/text/",  # a document's text: headings and tables
    "/library/progress-2024/text/",  # the longest text: the timeline, the bodies, the counts
    "/search/?q=白糠",
    "/search/?q=熊本地震",  # disaster support, newsletters and the library's texts
    "/search/?q=講演会&kind=events",
    "/search/?q=アンケート&kind=surveys",
    "/surveys/",
    "/surveys/h29-zenkoku-renkei-project/",  # 003's Q7, published: a chart beside its table
    "/privacy/",
    "/accessibility/",
    "/site-map/",
]

# The doors to the member area.
ACCOUNT_PAGES = ["/terms/", "/accounts/signup/", "/accounts/login/"]

# The English translation of the public site.
ENGLISH_PAGES = [
    "/en/",
    "/en/partners/",
    "/en/collaborations/",
    "/en/search/?q=shiranuka",
    "/en/surveys/",
    "/en/surveys/h29-zenkoku-renkei-project/",
]
