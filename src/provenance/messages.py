"""The words of the text people read (the run's table, the redline, the proof report),
in English and Korean.

One small table per language, keyed by message id, and :func:`message` to fill one in.
A table and not gettext catalogs: there is no build step to compile ``.mo`` files (the
package ships as plain Python and templates), the two languages ship with the package
and nothing else is ever loaded, and a test can check that every key of one language
exists in the other. Anything read by machines (JSON, CSV field names and values, the
change kinds in them) stays in English and never goes through here; :func:`term` gives
such a value (a confidence, a method) as people read it.

Pages fill messages in as markup (``report.say``): the text as written, the fields
escaped. Only keys ending in ``_html`` hold elements (``<em>``, ``<code>``), and each
language's holds the same ones; a test checks both.

Where an idea also appears in the contributors' ledger (:data:`provenance.ledger.LABELS`),
the Korean words are the ledger's, so that the two say the same thing; a test holds them
together.
"""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "en": {
        # roles and change kinds, as shown to people
        "draft": "draft",
        "final": "final",
        "inserted": "inserted",
        "modified": "modified",
        "deleted": "deleted",
        "moved": "moved",
        "top": "(top)",
        # a link's confidence and method (the JSON's values, as shown to people)
        "confidence.high": "high",
        "confidence.medium": "medium",
        "confidence.low": "low",
        "method.edit": "edit",
        "method.verbatim": "verbatim",
        "method.fuzzy": "fuzzy",
        "method.semantic": "semantic",
        # the table of a run
        "table.document": "{role}: {path} (sha256 {sha})",
        # as the report's summary says it; {changes_s}, {submissions_s} and {links_s}
        # are English's plural "s" ("" for 1)
        "table.counts": (
            "{changes} change{changes_s}; {adopted} of {submissions} submission{submissions_s}"
            " adopted, with {links} link{links_s}; run {run}"
        ),
        "table.digest": "digest {digest}",
        "table.deleted": "  deleted: “{draft}”",
        "table.final": "  final: “{final}”",
        "table.final_was": "  final: “{final}” (was “{draft}”)",
        "table.contributor": "    ← {id}  {score:.2f} {confidence} {method}: “{evidence}”",
        "table.same_evidence": "    ← and {n:,} more with the same evidence",
        "table.submission": "submission",
        "table.adopted": "adopted",
        "table.links": "links",
        "table.yes": "yes",
        "table.no": "no",
        "table.more": "… and {n:,} more, none adopted: --format json lists every one",
        "table.skipped": "skipped {n}:",
        # the redline, as text and as a page
        "diff.document": "{path} ({chars:,} chars, {doc_lang}, sha256 {sha})",
        "diff.no_changes": "no changes",
        "diff.count": "{n} {kind}",
        "diff.total": "{total} change{s}: {counts}",
        "diff.was": "was {label}",
        "diff.title": "Redline: {draft} → {final}",
        "diff.eyebrow": "Redline",
        "diff.heading": "What changed from draft to final",
        "diff.changes": "Changes from draft to final",
        "diff.note": (
            "Each clause that changed, under its label, with its {deleted} and {inserted}"
            " words marked."
        ),
        "diff.deleted_words": "deleted",
        "diff.inserted_words": "inserted",
        "diff.none": "No changes: the final text is the draft.",
        "diff.whole": "Whole text, draft → final",
        "diff.inputs": "Inputs",
        "diff.role": "role",
        "diff.path": "path",
        "diff.characters": "characters",
        "diff.made_by": "Made by {tool} {version}.",
        # the proof report (keys ending in _html hold our own markup; their fields are
        # escaped when filled in)
        "changed": "changed",
        "report.title": "Proof report: {final}",
        "report.eyebrow": "Proof report · run {run}",
        "report.heading": "Which submissions shaped the final text",
        "report.lead": (
            "From the draft {draft} to the final {final}, {n} submission{s} compared. Every"
            " claim below quotes both texts with its place in them, so anyone can check it,"
            " and the end of the page says how to re-run it."
        ),
        "report.contents": "Contents",
        "report.nav_summary": "Summary",
        "report.nav_final": "Final text",
        "report.nav_evidence": "Evidence",
        "report.nav_scorecards": "Scorecards",
        "report.nav_changes": "Changes",
        "report.nav_check": "How to check",
        "report.summary": "Summary",
        "report.fact_changes": "{n} change{s} between draft and final{counts}.",
        "report.fact_credited": (
            "{share} of the new text of the final ({credited} of {new} characters) is"
            " credited to at least one submission."
        ),
        "report.fact_adopted": (
            "{adopted} of {n} submission{s} adopted, with {links} link{links_s} over"
            " {passages} passage{passages_s} of the final."
        ),
        "report.fact_skipped": (
            "{n} input{s} could not be read and {was} skipped (listed at the end)."
        ),
        "report.contributors_caption": (
            "Contributors, most credited first. Each bar is the new text credited to the"
            " contributor, scaled to the longest."
        ),
        "report.key": "Key",
        "report.contributor": "Contributor",
        "report.adopted": "Adopted",
        "report.passages_credited": "Passages credited",
        "report.new_text_credited": "New text credited",
        "report.found_in_final": "Their text found in the final",
        "report.credited_chars": "{chars} characters, {share}",
        "report.of_chars": "of {chars}",
        "report.unlisted": "{n} more submission{s}, with no passage credited: {ids}.",
        "report.summary_note_html": (
            "A link credits one submission for one passage of new text; a passage can be"
            " credited to several submissions. <em>New text credited</em> counts the"
            " characters of the final that did not stand in the draft and are credited to"
            " the contributor, and their share of all new text. <em>Their text found in the"
            " final</em> is the share of the submission that is the evidence for a credited"
            " passage (greetings and background never count, so even a letter fully adopted"
            " stays well below 100%). Both measure text, not requests: the tool also splits"
            " each submission into its separate asks, and each contributor's scorecard says"
            " which of them were adopted."
        ),
        "report.final_heading": "Final text, credited passages highlighted",
        "report.final_note": (
            "Each credited passage is shaded and underlined in its contributor's colour and"
            " line pattern and followed by the key number of each contributor credited for"
            " it{follow}. Striped passages with a double underline are credited to several"
            " contributors."
        ),
        "report.final_note_follow": "; follow a passage or a number to its evidence",
        "report.legend": "Legend",
        "report.several": "several contributors",
        "report.none_credited": "No passage of this text is credited to a submission.",
        "report.credited_to": "Credited to {ids}",
        "report.badge_title": "{id}: score {score}, {confidence} confidence",
        "report.evidence_label": "Evidence: {title}",
        "report.count_title": "{n} contributors credited",
        "report.evidence": "Evidence for each credited passage",
        "report.evidence_note_html": (
            "Open a passage to see each submission credited for it beside the final text."
            " <del>Struck</del> words stand only in the submission, <ins>underlined</ins>"
            " words only in the final. The score runs from 0 to 1, higher is stronger"
            " evidence: for <em>{verbatim}</em> and <em>{fuzzy}</em> links, the share of"
            " the passage's new words found in the submission's passage (rare words count"
            " more); for <em>{semantic}</em> links, a calibrated similarity of meaning"
            " between passages worded differently."
        ),
        "report.passage": "Passage {n}",
        "report.link_meta": "score {score} · {confidence} confidence · {method}",
        "report.submission_at": "Submission {id}, characters {start}–{end}",
        "report.final_at": "Final text, characters {start}–{end}",
        "report.change_ref": ", change {change}",
        "report.deleted_here": "(deleted: nothing stands here in the final)",
        "report.deleted_from": "Deleted from the draft, characters {start}–{end}",
        "report.replaced_in": "Replaced in the draft, characters {start}–{end}",
        "report.no_passage": "No passage of the final text is credited to a submission.",
        "report.scorecards": "What became of each contributor's asks",
        "report.scorecards_note": (
            "Each contributor's asks, in their own words, with the outcome the comparison"
            " found: adopted, adopted in part, already in the draft, or not found in the"
            " final text (the tool cannot know why an ask was not taken up). Link to a"
            " contributor's scorecard with its anchor; printed with that anchor in the"
            " address, the page prints that scorecard alone."
        ),
        "report.ask": "ask, in their words",
        "report.outcome": "outcome",
        "report.where": "where in the final",
        "report.no_asks": "No ask was found in any submission.",
        "report.without_asks": "No ask was found in: {ids}.",
        "report.credited": "Credited:",
        "report.check": "How to check this report",
        "report.run": "Run",
        "report.digest": "Digest",
        "report.tool": "Tool",
        "report.parameters": "Parameters",
        "report.parameter": "parameter",
        "report.value": "value",
        "report.inputs_caption": (
            "SHA-256 of each file's bytes as read; the offsets in this page count Unicode"
            " code points of the text after normalisation."
        ),
        "report.id": "id",
        "report.rerun": "Re-run it",
        "report.rerun_from": (
            "From the folder the run was made in, with files whose SHA-256 match the table above:"
        ),
        "report.rerun_note_html": (
            "Add <code>--format json --no-db</code> to print the result: its"
            " <code>run_id</code> is {run} again when the inputs, the parameters and the"
            " tool version are the same, and its <code>digest</code> is {digest} again"
            " when, in addition, every credited passage, its evidence, score, confidence"
            " and method are the same. <code>provenance verify --db</code> makes that"
            " re-run on a stored run and lists any difference."
        ),
        "report.note_min_evidence": (
            "min_evidence was {value} (the command line uses {default}); re-run with"
            " provenance.attribute(min_evidence=...)."
        ),
        "report.note_semantic_min": (
            "semantic_min was {value} (the command line uses {default}); re-run with"
            " provenance.attribute(semantic_min=...)."
        ),
        "report.no_command_html": (
            "This run was made from texts given in Python rather than files, so no command"
            " line repeats it; call <code>provenance.attribute</code> with the same texts"
            " and parameters (their SHA-256 are above)."
        ),
        "report.skipped": "Skipped inputs",
        "report.made_by": (
            "Made by {tool} {version}. This page is self-contained: it loads nothing from"
            " the network and works offline."
        ),
    },
    "ko": {
        "draft": "초안",
        "final": "최종안",
        "inserted": "추가",
        "modified": "수정",
        "deleted": "삭제",
        "moved": "이동",
        "top": "(조항 앞)",
        "confidence.high": "높음",
        "confidence.medium": "보통",
        "confidence.low": "낮음",
        "method.edit": "수정 제안",
        "method.verbatim": "원문 일치",
        "method.fuzzy": "유사 문구",
        "method.semantic": "의미 유사",
        "table.document": "{role}: {path} (sha256 {sha})",
        "table.counts": (
            "변경 {changes}건; 연결 {links}건으로 의견서 {submissions}건 중 {adopted}건 반영;"
            " 실행 ID {run}"
        ),
        "table.digest": "다이제스트 {digest}",
        "table.deleted": "  삭제: “{draft}”",
        "table.final": "  최종안 문구: “{final}”",
        "table.final_was": "  최종안 문구: “{final}” (이전: “{draft}”)",
        "table.contributor": "    ← {id}  {score:.2f} 신뢰도 {confidence} · {method}: “{evidence}”",
        "table.same_evidence": "    ← 같은 근거의 의견서 {n:,}건 더",
        "table.submission": "의견 제출자",
        "table.adopted": "반영",
        "table.links": "연결",
        "table.yes": "예",
        "table.no": "아니요",
        "table.more": "… 외 {n:,}건, 모두 반영되지 않음: --format json으로 전부 볼 수 있음",
        "table.skipped": "건너뜀 {n}건:",
        "diff.document": "{path} ({chars:,}자, {doc_lang}, sha256 {sha})",
        "diff.no_changes": "변경 없음",
        "diff.count": "{kind} {n}건",
        "diff.total": "변경 {total}건: {counts}",
        "diff.was": "이전: {label}",
        "diff.title": "신구 대비표: {draft} → {final}",
        "diff.eyebrow": "신구 대비표",
        "diff.heading": "초안에서 최종안으로 바뀐 내용",
        "diff.changes": "초안 대비 최종안 변경 사항",
        "diff.note": "바뀐 조항마다 조항 번호 아래에 {deleted} 말과 {inserted} 말을 표시했습니다.",
        "diff.deleted_words": "삭제된",
        "diff.inserted_words": "추가된",
        "diff.none": "변경 없음: 최종안이 초안과 같습니다.",
        "diff.whole": "전문, 초안 → 최종안",
        "diff.inputs": "입력 파일",
        "diff.role": "구분",
        "diff.path": "경로",
        "diff.characters": "글자 수",
        "diff.made_by": "{tool} {version}(으)로 만듦.",
        "changed": "변경",
        "report.title": "의견 반영 근거 보고서: {final}",
        "report.eyebrow": "의견 반영 근거 보고서 · 실행 ID {run}",
        "report.heading": "어떤 제출 의견이 최종안에 반영되었나",
        "report.lead": (
            "초안({draft})과 최종안({final})을 제출 의견 {n}건과 비교했습니다. 아래의 모든"
            " 판단은 두 문서의 문구를 그 위치와 함께 인용하므로 누구나 확인할 수 있고, 다시"
            " 실행하는 방법은 이 페이지 끝에 있습니다."
        ),
        "report.contents": "목차",
        "report.nav_summary": "요약",
        "report.nav_final": "최종안",
        "report.nav_evidence": "근거",
        "report.nav_scorecards": "제출자별 결과",
        "report.nav_changes": "변경 사항",
        "report.nav_check": "확인 방법",
        "report.summary": "요약",
        "report.fact_changes": "초안과 최종안 사이의 변경 {n}건{counts}.",
        "report.fact_credited": (
            "최종안에 새로 들어간 문구의 {share}({new}자 중 {credited}자)에 제출 의견이 하나"
            " 이상 반영되었습니다."
        ),
        "report.fact_adopted": (
            "제출 의견 {n}건 중 {adopted}건 반영: 최종안 문구 {passages}곳에 연결 {links}건."
        ),
        "report.fact_skipped": (
            "입력 파일 {n}건은 읽을 수 없어 건너뛰었습니다(목록은 이 페이지 끝에 있습니다)."
        ),
        "report.contributors_caption": (
            "의견 제출자, 반영이 많은 순. 막대는 그 제출자의 의견이 반영된 새 문구의 양이며,"
            " 가장 많은 제출자를 기준으로 그렸습니다."
        ),
        "report.key": "번호",
        "report.contributor": "의견 제출자",
        "report.adopted": "반영",
        "report.passages_credited": "반영 문구 수",
        "report.new_text_credited": "반영된 새 문구",
        "report.found_in_final": "최종안에 들어간 비율",
        "report.credited_chars": "{chars}자, {share}",
        "report.of_chars": "(전체 {chars}자)",
        "report.unlisted": "반영 문구가 없는 제출 의견 {n}건 더: {ids}.",
        "report.summary_note_html": (
            "연결 하나는 새 문구 하나에 제출 의견 하나가 반영되었다는 판단이며, 한 문구에 여러"
            " 제출 의견이 반영될 수 있습니다. <em>반영된 새 문구</em>는 초안에 없던 최종안의"
            " 글자 가운데 그 제출자의 의견이 반영된 글자 수와 새 문구 전체에서 차지하는"
            " 비율입니다. <em>최종안에 들어간 비율</em>은 제출 의견 가운데 반영 문구의 근거가"
            " 된 부분의 비율입니다(인사말과 배경 설명은 세지 않으므로 전부 반영된 의견서도"
            " 100%에 한참 못 미칩니다). 두 값은 글의 양을 잰 것이지 제안을 센 것이"
            " 아닙니다. 이 도구는 제출 의견을 개별 제안으로도 나누며, 제안마다 반영되었는지는"
            " 제출자별 제안의 반영 결과에서 볼 수 있습니다."
        ),
        "report.final_heading": "최종안 (반영 문구 표시)",
        "report.final_note": (
            "반영 문구마다 그 의견 제출자의 색과 밑줄 무늬로 표시하고 뒤에 제출자 번호를"
            " 붙였습니다{follow}. 줄무늬와 이중 밑줄로 표시된 문구에는 여러 제출자의 의견이"
            " 반영되었습니다."
        ),
        "report.final_note_follow": " (문구나 번호를 누르면 근거로 이동합니다)",
        "report.legend": "범례",
        "report.several": "여러 제출자",
        "report.none_credited": "이 문서에는 제출 의견이 반영된 문구가 없습니다.",
        "report.credited_to": "반영된 의견: {ids}",
        "report.badge_title": "{id}: 점수 {score}, 신뢰도 {confidence}",
        "report.evidence_label": "근거: {title}",
        "report.count_title": "의견 제출자 {n}명 반영",
        "report.evidence": "반영 문구별 근거",
        "report.evidence_note_html": (
            "문구를 열면 그 문구에 반영된 제출 의견이 최종안 문구와 나란히 보입니다."
            " <del>취소선</del>이 그어진 말은 제출 의견에만, <ins>밑줄</ins>이 그어진 말은"
            " 최종안에만 있습니다. 점수는 0부터 1까지이며 높을수록 근거가 강합니다."
            " <em>{verbatim}</em>와 <em>{fuzzy}</em> 연결에서는 문구의 새로운 말 가운데"
            " 제출 의견의 해당 부분에 있는 말의 비율(드문 말일수록 무게가 큼)이고,"
            " <em>{semantic}</em> 연결에서는 다르게 쓰인 두 문구의 의미가 얼마나 비슷한지를"
            " 보정한 값입니다."
        ),
        "report.passage": "반영 문구 {n}",
        "report.link_meta": "점수 {score} · 신뢰도 {confidence} · {method}",
        "report.submission_at": "제출 의견 {id}, 글자 위치 {start}–{end}",
        "report.final_at": "최종안, 글자 위치 {start}–{end}",
        "report.change_ref": ", 변경 {change}",
        "report.deleted_here": "(삭제: 최종안에는 이 자리에 남은 문구가 없음)",
        "report.deleted_from": "초안에서 삭제된 문구, 글자 위치 {start}–{end}",
        "report.replaced_in": "초안에서 바뀐 문구, 글자 위치 {start}–{end}",
        "report.no_passage": "최종안에서 제출 의견이 반영된 문구를 찾지 못했습니다.",
        "report.scorecards": "제출자별 제안의 반영 결과",
        "report.scorecards_note": (
            "의견 제출자마다 그가 쓴 그대로의 제안과, 비교로 확인한 결과입니다: 반영, 일부"
            " 반영, 초안에 이미 있음, 최종안에서 찾지 못함(제안이 받아들여지지 않은 이유는"
            " 이 도구가 알 수 없습니다). 제출자별 결과에는 앵커로 링크할 수 있고, 주소에 그"
            " 앵커를 넣어 인쇄하면 그 제출자의 결과만 인쇄됩니다."
        ),
        "report.ask": "제안(제출 의견 원문)",
        "report.outcome": "결과",
        "report.where": "최종안 위치",
        "report.no_asks": "어느 제출 의견에서도 제안을 찾지 못했습니다.",
        "report.without_asks": "제안을 찾지 못한 의견서: {ids}.",
        "report.credited": "반영된 의견:",
        "report.check": "이 보고서를 확인하는 방법",
        "report.run": "실행 ID",
        "report.digest": "다이제스트",
        "report.tool": "도구",
        "report.parameters": "매개변수",
        "report.parameter": "매개변수",
        "report.value": "값",
        "report.inputs_caption": (
            "각 파일을 읽은 그대로의 바이트에 대한 SHA-256. 이 페이지의 글자 위치는 정규화한"
            " 텍스트의 유니코드 코드 포인트 단위입니다."
        ),
        "report.id": "식별자",
        "report.rerun": "다시 실행하기",
        "report.rerun_from": "이 실행을 한 폴더에서, SHA-256이 위 표와 같은 파일로:",
        "report.rerun_note_html": (
            "결과를 출력하려면 <code>--format json --no-db</code>를 덧붙이십시오. 입력 파일,"
            " 매개변수와 도구 버전이 같으면 결과의 <code>run_id</code>는 다시 {run}이고, 여기에"
            " 더해 반영 문구마다 그 근거, 점수, 신뢰도, 방법이 모두 같으면"
            " <code>digest</code>도 다시 {digest}입니다. <code>provenance verify --db</code>는"
            " 저장된 실행에 대해 이 재실행을 하고 차이를 모두 보여 줍니다."
        ),
        "report.note_min_evidence": (
            "min_evidence 값이 {value}였습니다(명령줄의 기본값은 {default}). 같은 값으로 다시"
            " 실행하려면 provenance.attribute(min_evidence=...)를 쓰십시오."
        ),
        "report.note_semantic_min": (
            "semantic_min 값이 {value}였습니다(명령줄의 기본값은 {default}). 같은 값으로 다시"
            " 실행하려면 provenance.attribute(semantic_min=...)를 쓰십시오."
        ),
        "report.no_command_html": (
            "이 실행은 파일이 아니라 Python에서 넘긴 텍스트로 만들어져 명령줄로 되풀이할 수"
            " 없습니다. 같은 텍스트와 매개변수로 <code>provenance.attribute</code>를"
            " 호출하십시오(텍스트의 SHA-256은 위에 있습니다)."
        ),
        "report.skipped": "건너뛴 입력 파일",
        "report.made_by": (
            "{tool} {version}(으)로 만듦. 이 페이지는 그 자체로 완결되어 네트워크에서 아무것도"
            " 불러오지 않으며 오프라인에서도 작동합니다."
        ),
    },
}


def message_lang(lang: str | None) -> str:
    """The language whose messages serve documents in ``lang``: itself if it has a
    table, else English.

    >>> message_lang("ko"), message_lang("fr"), message_lang(None)
    ('ko', 'en', 'en')
    """
    return lang if lang in MESSAGES else "en"


def message(lang: str | None, key: str, **fields: object) -> str:
    """Message ``key`` in ``lang`` (English where there is no table for it), with
    ``fields`` filled in.

    >>> message("ko", "table.skipped", n=2), message("fr", "table.skipped", n=2)
    ('건너뜀 2건:', 'skipped 2:')
    """
    text = MESSAGES[message_lang(lang)][key]
    return text.format(**fields) if fields else text


def term(lang: str | None, kind: str, value: str) -> str:
    """A value of the JSON (a ``confidence``, a ``method``) as people read it in ``lang``;
    a value with no message (from a newer or older run) as it is.

    >>> term("ko", "confidence", "high"), term("ko", "method", "fuzzy"), term("ko", "method", "x")
    ('높음', '유사 문구', 'x')
    """
    return MESSAGES[message_lang(lang)].get(f"{kind}.{value}", value)
