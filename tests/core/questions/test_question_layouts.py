"""The layouts UK consultations print their questions in, each with its full expected parse."""

from __future__ import annotations

import pytest

from drafter.core.questions import ParsedQuestion as Q
from drafter.core.questions import parse_questions

LIKERT = ("Agree", "Neither agree nor disagree", "Disagree", "Don't know")
EXPLAIN = "Please explain your answer."

# (id, pasted text, expected title, expected questions)
LAYOUTS: list[tuple[str, str, str | None, tuple[Q, ...]]] = [
    (
        "numbered with full stops",
        (
            "1. Do you agree with the proposed scope?\n"
            "2. Which organisations should the framework apply to?\n"
            "3. What safeguards should apply?\n"
        ),
        None,
        (
            Q("1", "Do you agree with the proposed scope?"),
            Q("2", "Which organisations should the framework apply to?"),
            Q("3", "What safeguards should apply?"),
        ),
    ),
    (
        "numbered with brackets and leading zeros",
        "1) Should the police publish deployment data?\n02) Who should authorise deployments?\n",
        None,
        (
            Q("1", "Should the police publish deployment data?"),
            Q("2", "Who should authorise deployments?"),
        ),
    ),
    (
        "Q-prefixed, three spellings",
        (
            "Q1 Should the framework cover live facial recognition?\n"
            "Q2. Should it cover retrospective facial recognition?\n"
            "Q 3: Should it cover operator-initiated facial recognition?\n"
        ),
        None,
        (
            Q("1", "Should the framework cover live facial recognition?"),
            Q("2", "Should it cover retrospective facial recognition?"),
            Q("3", "Should it cover operator-initiated facial recognition?"),
        ),
    ),
    (
        "Question N with colon, dash and full stop",
        (
            "Question 1: Do you agree that one body should oversee all uses?\n"
            "Question 2 – What powers should that body have?\n"
            "QUESTION 3. How should it report to Parliament?\n"
        ),
        None,
        (
            Q("1", "Do you agree that one body should oversee all uses?"),
            Q("2", "What powers should that body have?"),
            Q("3", "How should it report to Parliament?"),
        ),
    ),
    (
        "Question N on a line of its own",
        (
            "Question 1\n\nDo you agree with the proposed definition of biometric data?\n"
            "Agree / Disagree\n\nQuestion 2\nPlease describe any other technologies to include.\n"
        ),
        None,
        (
            Q(
                "1",
                "Do you agree with the proposed definition of biometric data?",
                ("Agree", "Disagree"),
            ),
            Q("2", "Please describe any other technologies to include."),
        ),
    ),
    (
        "bulleted questions without numbers",
        (
            "• Should the framework apply to private companies working with the police?\n"
            "- Should it apply to other public bodies?\n"
            "* How should seriousness of harm be judged?\n"
        ),
        None,
        (
            Q("1", "Should the framework apply to private companies working with the police?"),
            Q("2", "Should it apply to other public bodies?"),
            Q("3", "How should seriousness of harm be judged?"),
        ),
    ),
    (
        "bulleted questions with bulleted answers",
        "• Do you agree with the proposal?\n• Yes\n• No\n• Why do you think so?\n",
        None,
        (
            Q("1", "Do you agree with the proposal?", ("Yes", "No")),
            Q("2", "Why do you think so?"),
        ),
    ),
    (
        "sub-questions 5a) 5b)",
        (
            "5. Safeguards when searching other government databases\n"
            "5a) Should searches of the passport database be allowed?\n"
            "5b) Should searches of the immigration database be allowed?\n"
        ),
        None,
        (
            Q("5", "Safeguards when searching other government databases"),
            Q("5a", "Should searches of the passport database be allowed?"),
            Q("5b", "Should searches of the immigration database be allowed?"),
        ),
    ),
    (
        "sub-questions 5(a) 5(b)",
        (
            "5(a) Should a senior officer authorise each deployment?\n"
            "5 (b) Should a judge authorise each deployment?\n"
        ),
        None,
        (
            Q("5a", "Should a senior officer authorise each deployment?"),
            Q("5b", "Should a judge authorise each deployment?"),
        ),
    ),
    (
        "sub-questions (a) (b) and a. b. after a parent",
        (
            "6. On bias and discrimination:\n"
            "(a) How should accuracy across groups be tested?\n"
            "(b) Who should publish the results?\n"
            "7. On oversight:\n"
            "a. Should one body oversee all biometrics?\n"
            "b. Should it have powers to stop deployments?\n"
        ),
        None,
        (
            Q("6", "On bias and discrimination:"),
            Q("6a", "How should accuracy across groups be tested?"),
            Q("6b", "Who should publish the results?"),
            Q("7", "On oversight:"),
            Q("7a", "Should one body oversee all biometrics?"),
            Q("7b", "Should it have powers to stop deployments?"),
        ),
    ),
    (
        "Likert on one line with slashes",
        "1. Do you agree that the framework should cover live facial recognition?\n"
        "Agree / Neither agree nor disagree / Disagree / Don't know\n" + EXPLAIN + "\n",
        None,
        (
            Q(
                "1",
                "Do you agree that the framework should cover live facial recognition?",
                LIKERT,
                EXPLAIN,
            ),
        ),
    ),
    (
        "Likert on one line with bars, curly apostrophe kept",
        "1. Do you agree?\nAgree | Neither agree nor disagree | Disagree | Don’t know\n",
        None,
        (
            Q(
                "1",
                "Do you agree?",
                ("Agree", "Neither agree nor disagree", "Disagree", "Don’t know"),
            ),
        ),
    ),
    (
        "Likert on one line with commas",
        "1. Do you agree?\nStrongly agree, Agree, Disagree, Strongly disagree\n",
        None,
        (Q("1", "Do you agree?", ("Strongly agree", "Agree", "Disagree", "Strongly disagree")),),
    ),
    (
        "Likert as checkbox lines",
        (
            "1. Do you agree that inferential technologies should be covered?\n"
            "☐ Agree\n□ Neither agree nor disagree\n[ ] Disagree\n○ Don't know\n"
            "Please explain your answer.\n"
        ),
        None,
        (
            Q(
                "1",
                "Do you agree that inferential technologies should be covered?",
                LIKERT,
                EXPLAIN,
            ),
        ),
    ),
    (
        "Likert as bullets and as bare lines",
        (
            "1. Do you agree?\n• Agree\n• Disagree\n• Don't know\n"
            "2. Do you agree?\nAgree\nNeither agree nor disagree\nDisagree\nDon't know\n"
        ),
        None,
        (
            Q("1", "Do you agree?", ("Agree", "Disagree", "Don't know")),
            Q("2", "Do you agree?", LIKERT),
        ),
    ),
    (
        "checkboxes on one line",
        "1. Should the framework cover object recognition?\n☐ Yes ☐ No ☐ Not sure\n",
        None,
        (Q("1", "Should the framework cover object recognition?", ("Yes", "No", "Not sure")),),
    ),
    (
        "Yes/No with 'if yes' prompts",
        (
            "1. Should the police be able to search the passport database?\nYes / No\n"
            "If yes, please explain what safeguards should apply.\n"
            "2. Should the framework cover fingerprints?\nYes\nNo\nIf no, please give reasons\n"
        ),
        None,
        (
            Q(
                "1",
                "Should the police be able to search the passport database?",
                ("Yes", "No"),
                "If yes, please explain what safeguards should apply.",
            ),
            Q(
                "2",
                "Should the framework cover fingerprints?",
                ("Yes", "No"),
                "If no, please give reasons",
            ),
        ),
    ),
    (
        "prompt on the question's line, answers in brackets",
        ("1. Do you agree? Please give reasons.\n2. Should deployments be published? (Yes/No)\n"),
        None,
        (
            Q("1", "Do you agree?", prompt="Please give reasons."),
            Q("2", "Should deployments be published?", ("Yes", "No")),
        ),
    ),
    (
        "wrapped question, wrapped prompt",
        (
            "1. Do you agree that the seriousness of the harm being\n"
            "prevented should decide when facial recognition\n"
            "may be used?\n"
            "Agree / Disagree\n"
            "Please explain your answer, including any evidence\n"
            "of the effect on your community.\n"
        ),
        None,
        (
            Q(
                "1",
                "Do you agree that the seriousness of the harm being prevented should decide "
                "when facial recognition may be used?",
                ("Agree", "Disagree"),
                "Please explain your answer, including any evidence of the effect on your "
                "community.",
            ),
        ),
    ),
    (
        "preamble sentence then question, across a blank line",
        "3. The government proposes a single oversight body.\n\nDo you agree?\nYes / No\n",
        None,
        (Q("3", "The government proposes a single oversight body. Do you agree?", ("Yes", "No")),),
    ),
    (
        "title line and section headings",
        (
            "Legal Framework for Law Enforcement Use of Biometrics\n\n"
            "Part 1: Scope\n"
            "1. Which technologies should the framework cover?\n\n"
            "Section B – Safeguards\n"
            "2. What safeguards should apply?\n\n"
            "OVERSIGHT\n"
            "3. Should there be one oversight body?\n\n"
            "Bias and Discrimination\n"
            "4. How should bias be tested for?\n"
        ),
        "Legal Framework for Law Enforcement Use of Biometrics",
        (
            Q("1", "Which technologies should the framework cover?", section="Part 1: Scope"),
            Q("2", "What safeguards should apply?", section="Section B – Safeguards"),
            Q("3", "Should there be one oversight body?", section="OVERSIGHT"),
            Q("4", "How should bias be tested for?", section="Bias and Discrimination"),
        ),
    ),
    (
        "one leading line is a section when other sections follow",
        "Scope\n1. Should it cover live use?\nOversight\n2. Who should oversee it?\n",
        None,
        (
            Q("1", "Should it cover live use?", section="Scope"),
            Q("2", "Who should oversee it?", section="Oversight"),
        ),
    ),
    (
        "stray blank lines",
        (
            "\n\n\n1. Should the framework cover voice recognition?\n\n\n\nYes / No\n\n\n"
            "Please explain your answer.\n\n\n2. Should it cover gait analysis?\n\n"
        ),
        None,
        (
            Q("1", "Should the framework cover voice recognition?", ("Yes", "No"), EXPLAIN),
            Q("2", "Should it cover gait analysis?"),
        ),
    ),
    (
        "word limits",
        (
            "1. Why?\nPlease explain your answer (max 250 words)\n"
            "2. Describe any concerns.\n(250 word limit)\n"
            "3. What else? Please give reasons. Word limit: 1,000\n"
        ),
        None,
        (
            Q("1", "Why?", prompt="Please explain your answer", word_limit=250),
            Q("2", "Describe any concerns.", word_limit=250),
            Q("3", "What else?", prompt="Please give reasons.", word_limit=1000),
        ),
    ),
    (
        "character limits",
        (
            "1. Do you agree?\nYes / No\nPlease explain your answer.\nMaximum 500 characters\n"
            "2. Any other comments? (max 2000 characters)\n"
        ),
        None,
        (
            Q("1", "Do you agree?", ("Yes", "No"), EXPLAIN, char_limit=500),
            Q("2", "Any other comments?", char_limit=2000),
        ),
    ),
    (
        "Windows line endings and tabs",
        (
            "Q1.\tDo you agree?\r\n\tAgree\tDisagree\tDon't know\r\n\r\n"
            "Q2.\tShould the police\r\n\tpublish results?\r\n"
        ),
        None,
        (
            Q("1", "Do you agree?", ("Agree", "Disagree", "Don't know")),
            Q("2", "Should the police publish results?"),
        ),
    ),
    (
        "a list that is part of the wording stays in the wording",
        (
            "4. The framework could include:\n• a code of practice\n• published deployment records\n"
            "Do you agree?\nYes / No\n"
        ),
        None,
        (
            Q(
                "4",
                "The framework could include: • a code of practice • published deployment "
                "records Do you agree?",
                ("Yes", "No"),
            ),
        ),
    ),
    (
        "numbered answers under 'Question N' labels",
        (
            "Question 1: Which body should authorise deployments?\n"
            "1. A senior police officer\n2. A judge\n3. An independent commissioner\n"
            "Question 2: Why?\n"
        ),
        None,
        (
            Q(
                "1",
                "Which body should authorise deployments?",
                ("A senior police officer", "A judge", "An independent commissioner"),
            ),
            Q("2", "Why?"),
        ),
    ),
    (
        "lettered answers after a question",
        (
            "2. Which organisations should be covered?\n(a) Police forces\n(b) The National Crime "
            "Agency\n(c) Other public bodies\n"
        ),
        None,
        (
            Q(
                "2",
                "Which organisations should be covered?",
                ("Police forces", "The National Crime Agency", "Other public bodies"),
            ),
        ),
    ),
    (
        "Q-labels with sub-question letters",
        (
            "Question 1a: Should searches be logged?\nQ5(b) Who should see the logs?\n"
            "QUESTION 6 - Why?\n"
        ),
        None,
        (
            Q("1a", "Should searches be logged?"),
            Q("5b", "Who should see the logs?"),
            Q("6", "Why?"),
        ),
    ),
    (
        "six-point scale, one answer a line",
        (
            "1. Do you agree with the proposed approach to\nauthorisation?\n"
            "Strongly agree\nTend to agree\nNeither agree nor disagree\nTend to disagree\n"
            "Strongly disagree\nDon't know\n"
        ),
        None,
        (
            Q(
                "1",
                "Do you agree with the proposed approach to authorisation?",
                (
                    "Strongly agree",
                    "Tend to agree",
                    "Neither agree nor disagree",
                    "Tend to disagree",
                    "Strongly disagree",
                    "Don't know",
                ),
            ),
        ),
    ),
    (
        "answers on the question's own line",
        "1. Do you agree? Yes / No\n2. Should it? Agree/Disagree/Don't know\n",
        None,
        (
            Q("1", "Do you agree?", ("Yes", "No")),
            Q("2", "Should it?", ("Agree", "Disagree", "Don't know")),
        ),
    ),
    (
        "numbered chapter headings beside 'Question N' labels",
        (
            "Question 4: Do you agree?\nAgree / Disagree\nPlease explain your answer.\n\n"
            "3. Safeguards\n\n3.1 The government proposes limits on searches.\n\n"
            "Question 5: Should searches be limited?\nYes / No\n"
        ),
        None,
        (
            Q("4", "Do you agree?", ("Agree", "Disagree"), EXPLAIN),
            Q("5", "Should searches be limited?", ("Yes", "No"), section="3. Safeguards"),
        ),
    ),
    (
        "page number above the title",
        "12\nConsultation on Facial Recognition\n\n1. Do you agree?\n",
        "Consultation on Facial Recognition",
        (Q("1", "Do you agree?"),),
    ),
    (
        "tick instruction is left out",
        "1. Which should be covered?\nPlease tick all that apply.\n☐ Live\n☐ Retrospective\n",
        None,
        (Q("1", "Which should be covered?", ("Live", "Retrospective")),),
    ),
]


@pytest.mark.parametrize(
    ("text", "title", "expected"),
    [pytest.param(text, title, expected, id=name) for name, text, title, expected in LAYOUTS],
)
def test_layout_is_read_exactly(text: str, title: str | None, expected: tuple[Q, ...]) -> None:
    result = parse_questions(text)
    assert result.questions == expected
    assert result.title == title
