"""What is never an ask: greetings, thanks, sign-offs, requests for a reply and
prefaces ("I want to say ..."), in English, Korean and French. The sentence splitter
uses the greetings to end a salutation line; the request tests use all of it."""

from __future__ import annotations

import re

from .text import _holds_any

# Greetings, thanks, sign-offs, requests for a reply, prefaces ("I want to say ...")
# and commit titles naming a file: never a proposal. In three parts, for speed: what
# starts a sentence, what ends one, and what stands anywhere (tried only when one of
# its words is there).
_NOT_ASK_START_RE = re.compile(
    r"(?:dear|to\s+whom)\b|to\b[^.!?]{0,80}[,:]$"
    r"|(?:hello|hi|hey|good\s+(?:morning|afternoon|evening|day)|greetings)\b"
    r"|(?:thank|thanks|many\s+thanks|with\s+(?:thanks|gratitude|best|kind|warm)|we\s+thank"
    r"|i\s+thank|we\s+are\s+grateful|i\s+am\s+grateful|sincerely|regards|best\s+regards"
    r"|kind\s+regards|yours|respectfully|in\s+solidarity|cheers)\b"
    r"|(?:update|edit|create|add|delete|rename|fix|change)\s+[\w./-]+\.(?:md|markdown|txt|html?"
    r"|rst|adoc|docx?|json|ya?ml)$"
    r"|안녕하십니까|안녕하세요|존경하는"
    r"|(?:madame|monsieur|mesdames|messieurs|bonjour|bonsoir|cher|chère|chers)\b"
    r"|(?:merci|je\s+vous\s+remercie|nous\s+vous\s+remercions|nous\s+remercions"
    r"|avec\s+mes\s+remerciements|cordialement|bien\s+à\s+vous|salutations"
    r"|bonne\s+(?:journée|continuation))\b"
)
# How a Korean greeting line or signature ends ("담당자님께", "홍길동 드림"), and
# thanks that end a sentence (but "...해 주시면 감사하겠습니다" asks).
_KO_CLOSINGS = ("님", "께", "귀하", "귀중", "드림", "올림", "배상")
_KO_THANKS = ("감사합니다", "감사드립니다", "감사드려요", "감사해요", "고맙습니다")
_NOT_ASK_ANYWHERE_RE = re.compile(
    r"(?:look\s+forward\s+to|await)\s+(?:your|a|the)\s+(?:reply|response|answer)"
    r"|please\s+(?:reply|respond|answer|confirm\s+receipt|let\s+(?:me|us)\s+know)\b"
    r"|(?:want|wish|like)\s+to\s+(?:know|ask|understand|hear|learn|say|comment|raise|share"
    r"|express|note|point|thank|write|tell\s+you|submit|offer|add\s+(?:something|a\s+(?:word"
    r"|note|few))|make\s+(?:a|some|two|three)\s+(?:comments?|points?))\b"
    r"|(?:답변|회신|답장|답)\s*(?:을|를)?\s*(?:부탁|바랍|주시|주십|요청)"
    r"|veuillez\s+(?:agréer|croire|recevoir)|(?:je|nous)\s+vous\s+pri(?:e|ons)\s+d"
)
# Words that _NOT_ASK_ANYWHERE_RE needs: a cheap test before the pattern runs.
_NOT_ASK_HINTS = (
    "reply",
    "respon",
    "answer",
    "receipt",
    "want to",
    "wish to",
    "like to",
    "답",
    "회신",
    "veuillez",
    "vous pri",
)


def _not_ask(core: str) -> bool:
    """Whether a lower-cased sentence greets, thanks, signs off or prefaces (see above)."""
    if _NOT_ASK_START_RE.match(core) is not None:
        return True
    tail = core.rstrip(" .!,:;")
    if tail.endswith(_KO_CLOSINGS):
        return True
    if tail.endswith(_KO_THANKS):
        before = tail[: tail.rfind("감사" if "감사" in tail[-6:] else "고맙")].rstrip()
        if not before.endswith("면"):
            return True
    return _holds_any(core, _NOT_ASK_HINTS) and _NOT_ASK_ANYWHERE_RE.search(core) is not None
