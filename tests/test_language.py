import importlib.util
import os
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from provenance import language
from provenance.errors import InvalidArgumentError, UnknownLanguageError
from provenance.language import SAMPLE_CHARS, detect_language

SENTENCES = {
    "en": "The government shall publish the national action plan and make it available to "
    "all citizens who ask for it.",
    "ko": "정부는 국가 실행계획을 공개하고 이를 요청하는 모든 시민이 이용할 수 있도록 하여야 한다.",
    "fr": "Le gouvernement doit publier le plan d'action national et le rendre accessible à tous "
    "les citoyens qui le demandent.",
    "de": "Die Regierung muss den nationalen Aktionsplan veröffentlichen und ihn allen Bürgern "
    "zugänglich machen, die danach fragen.",
    "es": "El gobierno debe publicar el plan de acción nacional y ponerlo a disposición de todos "
    "los ciudadanos que lo soliciten.",
    "ja": "政府は国家行動計画を公表し、それを求めるすべての市民が"
    "利用できるようにしなければならない。",
    "zh": "政府应当公布国家行动计划，并向所有提出要求的公民提供。",
    "ru": "Правительство должно опубликовать национальный план действий и сделать его доступным "
    "для всех граждан, которые его запросят.",
    "pt": "O governo deve publicar o plano de ação nacional e torná-lo disponível para todos os "
    "cidadãos que o solicitarem.",
    "it": "Il governo deve pubblicare il piano d'azione nazionale e renderlo disponibile a tutti "
    "i cittadini che lo richiedono.",
    "nl": "De regering moet het nationale actieplan publiceren en het beschikbaar stellen aan alle "
    "burgers die erom vragen.",
    "pl": "Rząd powinien opublikować krajowy plan działania i udostępnić go wszystkim obywatelom, "
    "którzy o to poproszą.",
    "sv": "Regeringen ska offentliggöra den nationella handlingsplanen och göra den tillgänglig "
    "för alla medborgare som ber om den.",
    "tr": "Hükümet ulusal eylem planını yayınlamalı ve bunu talep eden tüm vatandaşların "
    "erişimine sunmalıdır.",
    "id": "Pemerintah harus menerbitkan rencana aksi nasional dan membuatnya tersedia bagi semua "
    "warga yang memintanya.",
    "uk": "Уряд повинен опублікувати національний план дій і зробити його доступним для всіх "
    "громадян, які його попросять.",
    "bg": "Правителството трябва да публикува националния план за действие и да го направи "
    "достъпен за всички граждани, които го поискат.",
    "ar": "يجب على الحكومة نشر خطة العمل الوطنية وإتاحتها لجميع المواطنين الذين يطلبونها.",
    "fa": "دولت باید برنامه اقدام ملی را منتشر کند و آن را در اختیار همه شهروندانی که درخواست "
    "می کنند قرار دهد.",
    "he": "הממשלה חייבת לפרסם את תוכנית הפעולה הלאומית ולהנגיש אותה לכל האזרחים המבקשים זאת.",
    "el": "Η κυβέρνηση πρέπει να δημοσιεύσει το εθνικό σχέδιο δράσης και να το διαθέσει σε όλους "
    "τους πολίτες.",
    "hi": "सरकार को राष्ट्रीय कार्य योजना प्रकाशित करनी चाहिए और इसे उन सभी नागरिकों को उपलब्ध "
    "कराना चाहिए जो इसे मांगते हैं।",
    "th": "รัฐบาลต้องเผยแพร่แผนปฏิบัติการแห่งชาติและให้ประชาชนทุกคนที่ร้องขอเข้าถึงได้",
}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("", "en"),
        ("   \n\t ", "en"),
        ("12345 67.8", "en"),
        ("OK", "en"),
        ("Budget transparency", "en"),  # no stop word at all: too little to tell
        ("ქართული ტექსტი", "xx"),  # Georgian: spaCy has no Georgian
    ],
)
def test_too_little_or_unknown(text, expected):
    assert detect_language(text) == expected


@pytest.mark.parametrize("code", list(SENTENCES))
def test_detects_language(code):
    assert detect_language(SENTENCES[code]) == code


@pytest.mark.parametrize(
    "text, expected",
    [
        # a majority of Hangul letters in mixed Korean and English is Korean
        ("The 정부는 국가 실행계획을 공개하고 시민 참여를 확대한다 policy", "ko"),
        ("Open Government Partnership 국가 실행계획 제5차 시민 참여 확대 방안", "ko"),
        # an English text that names a Korean body is English
        (
            "The plan of the 행정안전부 was published in the summer and the public was consulted.",
            "en",
        ),
        # Korean statutes cite Hanja; Hangul still decides
        ("제1조(目的) 이 法은 情報公開에 관하여 필요한 사항을 정한다.", "ko"),
        # Japanese dense with kanji still has kana
        ("行政機関の保有する情報の公開に関する法律", "ja"),
    ],
)
def test_mixed_scripts(text, expected):
    assert detect_language(text) == expected


def test_reads_only_the_start():
    english = (SENTENCES["en"] + " ") * (SAMPLE_CHARS // len(SENTENCES["en"]) + 1)
    assert detect_language(english + SENTENCES["ko"] * 1000) == "en"


def test_is_deterministic():
    results = {detect_language(SENTENCES["pt"]) for _ in range(5)}
    assert results == {"pt"}


def test_stop_words_are_spacys_and_cached():
    from spacy.lang.en.stop_words import STOP_WORDS

    assert language.stop_words("en") == frozenset(w.lower() for w in STOP_WORDS)
    assert language.stop_words("en") is language.stop_words("en")
    assert language.stop_words("no-such-language") == frozenset()


def test_every_answer_is_a_language_spacy_knows():
    codes = {language.DEFAULT_LANGUAGE, language.UNKNOWN_LANGUAGE, "ko", "ja", "zh"}
    codes |= set(language._SCRIPT_LANGUAGE.values())
    for candidates in language._STOP_WORD_CANDIDATES.values():
        codes |= set(candidates)
    missing = [
        code for code in sorted(codes) if importlib.util.find_spec(f"spacy.lang.{code}") is None
    ]
    assert missing == []


@given(st.text(max_size=200))
def test_any_text_gets_a_known_code(text):
    code = detect_language(text)
    assert code == detect_language(text)
    assert code.isalpha() and 2 <= len(code) <= 3


# A language code given by the caller (issue 13, item 7): "auto" or one spaCy knows.


@pytest.mark.issue(13)
@pytest.mark.parametrize("code", ["auto", "en", "ko", "fr", "ja", "zh", "xx", "grc"])
def test_a_code_spacy_knows_is_accepted(code):
    assert language.check_language(code) == code


@pytest.mark.issue(13)
def test_every_answer_of_detection_passes_the_check():
    # verify re-runs a stored run with its detected lang: the check must never refuse one
    codes = {language.DEFAULT_LANGUAGE, language.UNKNOWN_LANGUAGE, "ko", "ja", "zh"}
    codes |= set(language._SCRIPT_LANGUAGE.values())
    for candidates in language._STOP_WORD_CANDIDATES.values():
        codes |= set(candidates)
    assert [code for code in sorted(codes) if not language.is_known_language(code)] == []


@pytest.mark.issue(13)
@pytest.mark.parametrize(
    "code, shown",
    [
        ("zz", "zz"),
        ("english", "english"),
        ("enn", "enn"),
        ("e", "e"),
        ("en-US", "en-US"),
        ("../en", "../en"),
        ("lex_attrs", "lex_attrs"),  # a module of spacy.lang, not a language
        ("", "''"),
        (" en", "' en'"),
        ("e\nn", "'e\\nn'"),
        (None, "None"),
    ],
)
def test_an_unknown_code_is_refused_in_one_line(code, shown):
    with pytest.raises(UnknownLanguageError) as e:
        language.check_language(code)
    assert str(e.value) == (
        f"lang {shown}: not a language spaCy knows;"
        " give an ISO 639-1 code such as en, ko, fr, or auto"
    )
    assert isinstance(e.value, InvalidArgumentError) and isinstance(e.value, ValueError)


@pytest.mark.issue(13)
def test_an_upper_case_code_says_to_write_it_in_lower_case():
    with pytest.raises(UnknownLanguageError) as e:
        language.check_language("EN", name="--lang")
    assert str(e.value) == "--lang EN: language codes are lower case; give en"


@pytest.mark.issue(13)
def test_checking_a_code_does_not_import_spacy():
    # The CLI checks --lang before any work; importing spaCy takes about half a second.
    code = (
        "import sys; from provenance.language import check_language, is_known_language;"
        " [check_language(c) for c in ('en', 'ko', 'xx', 'auto')];"
        " assert not is_known_language('zz');"
        " print('spacy' in sys.modules)"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert out.stdout.strip() == "False"
