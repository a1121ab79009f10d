"""The words of the text people read (the run's table, the redline), in English and Korean.

One small table per language, keyed by message id, and :func:`message` to fill one in.
A table and not gettext catalogs: there is no build step to compile ``.mo`` files (the
package ships as plain Python and templates), the two languages ship with the package
and nothing else is ever loaded, and a test can check that every key of one language
exists in the other. Anything read by machines (JSON, CSV field names and values, the
change kinds in them) stays in English and never goes through here.

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
        "table.counts": (
            "{changes} changes; {links} links credit {adopted} of {submissions} submissions;"
            " run {run}"
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
