"""The results as CSV and Excel, through core/spreadsheets (text that looks like a formula stays
text): one row per question and answer option, then one row per municipality's answer."""

from django.utils.translation import gettext as _

from core.spreadsheets import csv_bytes, rows_workbook, workbook_bytes

from .models import Survey
from .results import SurveyResults, answer_display


def _summary_rows(results: SurveyResults) -> tuple[list, list]:
    header = [_("設問番号"), _("設問"), _("選択肢・集計"), _("回答数"), _("割合（%）"), _("N")]
    rows = []
    for result in results.question_results():
        question = result.question
        if result.is_choice:
            for row in result.rows:
                percent = "" if row.percent is None else float(row.percent)
                rows.append(
                    [question.position, question.text, row.label, row.count, percent, result.total]
                )
        else:
            rows.append(
                [question.position, question.text, _("回答あり"), result.answered, "", result.total]
            )
            for key, value in result.numbers.items():
                rows.append([question.position, question.text, key, float(value), "", result.total])
    return header, rows


def _answer_rows(results: SurveyResults) -> tuple[list, list]:
    header = [
        _("自治体コード"),
        _("都道府県"),
        _("自治体"),
        *[f"Q{q.position}" for q in results.questions],
        _("最終更新日時"),
    ]
    rows = []
    for response in results.responses:
        cells = []
        for question in results.questions:
            answer = results.answers.get((response.pk, question.pk))
            cells.append(answer_display(answer) if answer is not None else "")
        rows.append(
            [
                response.municipality.code if response.municipality else "",
                response.municipality.prefecture.name if response.municipality else "",
                response.respondent_name,
                *cells,
                f"{response.updated_at:%Y-%m-%d %H:%M}",
            ]
        )
    return header, rows


def results_csv(survey: Survey) -> bytes:
    results = SurveyResults(survey)
    header, rows = _summary_rows(results)
    answer_header, answer_rows = _answer_rows(results)
    return csv_bytes(header, [*rows, [], answer_header, *answer_rows])


def results_xlsx(survey: Survey) -> bytes:
    results = SurveyResults(survey)
    return workbook_bytes(
        rows_workbook(
            [
                (_("集計"), *_summary_rows(results)),
                (_("自治体別の回答"), *_answer_rows(results)),
            ]
        )
    )
