"""The 17 disasters typed from the documents moved into the disaster app with their figures
unchanged. The expected rows are the record app's fixture before the move (commit de95ecd^,
fixtures/record.json: record.disastersupport and record.staffdispatch), frozen here."""

import datetime

from django.urls import reverse

from disaster.public_record import public_disasters

# name, occurred on, precision, recipients, joint funds (円), wards' donations (円),
# published staff figures [(persons, as of)]
BEFORE_THE_MOVE = [
    ("平成20年岩手・宮城内陸地震", "2008-06-14", "day", "岩手県市長会、宮城県市長会", None, None, []),
    ("東日本大震災", "2011-03-11", "day", "岩手県、宮城県、福島県、茨城県、栃木県、千葉県",
     1000000000, 3740250000, [(7030, "2018-04-01"), (7174, "2021-01-01")]),
    ("平成25年台風26号（伊豆大島土砂災害）", "2013-10-16", "day", "東京都大島町", None, None, []),
    ("平成28年熊本地震", "2016-04-14", "day", "熊本県、大分県", 55000000, 306880000,
     [(421, "2018-04-01"), (430, "2021-01-01")]),
    ("平成28年台風10号", "2016-08-30", "day", "北海道、岩手県", None, None, []),
    ("平成28年鳥取県中部を震源とする地震", "2016-10-21", "day", "鳥取県", None, None, []),
    ("平成29年7月九州北部豪雨", "2017-07-05", "day", "福岡県、大分県", None, None, []),
    ("平成29年7月22日からの梅雨前線に伴う大雨", "2017-07-22", "day", "秋田県", None, None, []),
    ("平成29年台風18号", "2017-09-16", "day", "大分県", None, None, []),
    ("平成29年台風21号", "2017-10-21", "day", "三重県、京都府、和歌山県", None, None, []),
    ("平成30年大阪府北部を震源とする地震", "2018-06-18", "day", "大阪府", 3000000, None, []),
    ("平成30年7月豪雨", "2018-07-01", "month",
     "岐阜県、京都府、兵庫県、岡山県、広島県、山口県、愛媛県、高知県、福岡県", 76000000, None,
     [(111, "2019-03-15")]),
    ("平成30年北海道胆振東部地震", "2018-09-06", "day", "北海道", 20000000, None,
     [(28, "2019-03-15")]),
    ("令和元年8月の前線に伴う大雨", "2019-08-01", "month", "", 5000000, None, []),
    ("令和元年房総半島台風及び東日本台風", "2019-09-01", "month", "", 114000000, None, []),
    ("令和2年7月豪雨", "2020-07-01", "month", "", 10000000, None, []),
    ("福島県沖を震源とする地震", "2021-02-01", "month", "", 1000000, None, []),
]  # fmt: skip


def test_the_seventeen_documented_disasters_keep_their_figures(shipped_data):
    found = {
        disaster.name: disaster
        for disaster in public_disasters().prefetch_related("published_staff_figures")
    }
    assert sorted(found) == sorted(row[0] for row in BEFORE_THE_MOVE)
    for name, occurred_on, precision, recipients, funds, donations, staff in BEFORE_THE_MOVE:
        disaster = found[name]
        assert (
            disaster.occurred_on,
            disaster.precision,
            disaster.recipients,
            disaster.joint_funds_yen,
            disaster.ward_donations_yen,
            sorted((f.persons, f.as_of) for f in disaster.published_staff_figures.all()),
        ) == (
            datetime.date.fromisoformat(occurred_on),
            precision,
            recipients,
            funds,
            donations,
            [(persons, datetime.date.fromisoformat(day)) for persons, day in staff],
        ), name
        # Documented, not coordinated on the portal: no reports, funds or requests of the flow.
        assert not disaster.reports.exists() and not disaster.funds.exists(), name
        assert not disaster.requests.exists() and disaster.closed_at is not None, name


def test_the_list_shows_the_documents_figures(client, shipped_data):
    html = client.get(reverse("record:disaster-support")).content.decode()
    for figure in ["1,000,000,000円", "3,740,250,000円", "7,174人", "55,000,000円", "430人"]:
        assert figure in html, figure
    for name, *_ in BEFORE_THE_MOVE:
        assert name in html, name
