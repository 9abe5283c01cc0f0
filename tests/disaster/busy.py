"""A 対策本部 in full swing, on the shipped register (23 wards): three affected municipalities,
staff, supplies and other requests, commitments from several wards, the wards' reports and the
joint 復興支援金. The page-weight and phone tests measure the pages with this much on them."""

import datetime
from types import SimpleNamespace

from disaster.services.disasters import disaster_declare, relief_fund_record
from disaster.services.requests import commitment_decide, commitment_make, request_post
from disaster.services.support import report_submit
from members.models import Municipality
from tests.factories import make_member, make_secretariat

START = datetime.date(2027, 1, 5)
END = datetime.date(2027, 1, 31)
WARD_CODES = {
    "shinagawa": "131091",
    "edogawa": "131237",
    "setagaya": "131121",
    "nerima": "131202",
    "adachi": "131211",
    "shinjuku": "131041",
}
CONTACT = "危機管理部 防災課 災害派遣担当 03-5742-6695（平日夜間・休日は当直 03-5742-6000）"


def staff(profession, item, quantity, place):
    return {
        "kind": "staff",
        "profession": profession,
        "item": item,
        "quantity": quantity,
        "start_on": START,
        "end_on": END,
        "place": place,
        "conditions": "宿泊先は輪島市で手配します。冬季のため防寒具と長靴をご持参ください。",
    }


def supplies(item, quantity, unit, place):
    return {
        "kind": "supplies",
        "item": item,
        "quantity": quantity,
        "unit": unit,
        "deadline": datetime.date(2027, 1, 8),
        "place": place,
    }


def busy_headquarters():
    """Needs the shipped register (the `full_register` fixture)."""
    municipalities = Municipality.objects.select_related("prefecture")
    wajima = municipalities.get(code="172049")
    suzu = municipalities.get(code="172057")
    noto = municipalities.get(code="174637")
    secretariat = make_secretariat()
    people = SimpleNamespace(secretariat=secretariat, wajima=wajima)
    people.wajima_member = make_member(wajima, email="wajima@example.jp")
    suzu_member = make_member(suzu, email="suzu@example.jp")
    noto_member = make_member(noto, email="noto@example.jp")
    for name, code in WARD_CODES.items():
        setattr(
            people, name, make_member(municipalities.get(code=code), email=f"{name}@example.jp")
        )
    people.disaster = disaster_declare(
        actor=secretariat,
        data={"name": "令和9年能登半島地震", "kind": "earthquake", "occurred_on": START},
        prefectures=[],
        municipalities=[wajima, suzu, noto],
    )

    def post(author, data):
        return request_post(author=author, disaster=people.disaster, data=data)

    hall = "輪島市ふれあい健康センター（輪島市二ツ屋町2字29番地）"
    people.nurses = post(people.wajima_member, staff("nurse", "避難所の健康相談・巡回", 5, hall))
    people.engineers = post(
        people.wajima_member, staff("engineer", "上下水道の応急復旧と家屋被害認定調査", 8, hall)
    )
    people.clerks = post(people.wajima_member, staff("clerk", "罹災証明書の交付窓口", 6, hall))
    people.water = post(
        people.wajima_member, supplies("飲料水（2リットル×6本）", 1200, "箱", "輪島市役所 本庁舎")
    )
    people.blankets = post(suzu_member, supplies("毛布", 800, "枚", "珠洲市総合病院前 物資集積所"))
    people.toilets = post(
        noto_member, supplies("簡易トイレ（凝固剤付き）", 3000, "回分", "能登町役場 柳田庁舎")
    )
    people.other = post(
        suzu_member,
        {
            "kind": "other",
            "item": "住家被害認定調査の経験がある職員による調査方法の助言",
            "quantity": 1,
            "unit": "件",
            "place": "珠洲市役所",
        },
    )

    def offer(member, request, quantity):
        data = {"quantity": quantity, "start_on": START, "end_on": END, "contact": CONTACT}
        return commitment_make(user=member, request=request, data=data)

    confirmed = offer(people.shinagawa, people.nurses, 3)
    commitment_decide(user=people.wajima_member, commitment=confirmed, confirm=True)
    offer(people.edogawa, people.nurses, 1)
    offer(people.setagaya, people.engineers, 4)
    offer(people.nerima, people.engineers, 2)
    offer(people.adachi, people.clerks, 6)
    offer(people.shinjuku, people.water, 600)
    offer(people.edogawa, people.water, 300)
    offer(people.nerima, people.blankets, 800)
    for member, data in [
        (people.shinagawa, {"kind": "staff", "profession": "nurse", "people": 3}),
        (people.setagaya, {"kind": "staff", "profession": "engineer", "people": 4}),
        (people.adachi, {"kind": "staff", "profession": "clerk", "people": 6}),
        (people.shinjuku, {"kind": "supplies", "item": "飲料水", "quantity": 600, "unit": "箱"}),
        (people.nerima, {"kind": "supplies", "item": "毛布", "quantity": 800, "unit": "枚"}),
        (people.edogawa, {"kind": "donation", "amount_yen": 10_000_000}),
        (people.shinagawa, {"kind": "donation", "amount_yen": 5_000_000}),
    ]:
        if data["kind"] == "staff":
            data = {**data, "start_on": START, "end_on": END}
        report_submit(user=member, disaster=people.disaster, data=data)
    relief_fund_record(
        actor=secretariat,
        disaster=people.disaster,
        data={"amount_yen": 100_000_000, "decided_on": datetime.date(2027, 1, 20)},
        recipients=[wajima, suzu, noto],
    )
    return people
