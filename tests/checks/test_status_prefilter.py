"""check_status searches a sentence only when it holds one of its pattern's words (app.checks.status._NEEDS): every
form each pattern reads holds one of them, so the prefilter never hides a match."""

from __future__ import annotations

import itertools

from app.checks.status import _NEEDS, _STATES


def test_every_form_a_state_pattern_reads_holds_one_of_its_words() -> None:
    subjects = ["The bridge", "The deal", "The stadium", "He"]
    forms = ["reopened", "opened", "is open", "is now open", "remains closed", "is still closed", "stays closed",
             "has not yet reopened", "have not opened", "yet to open", "yet to reopen", "was approved",
             "has been approved", "approved the plan", "ratified its treaty", "still requires approval",
             "still awaits the approval", "yet to be approved", "pending approval", "has not yet been approved",
             "awaiting approval", "was completed", "have been finished", "is still under construction",
             "not yet been completed", "not yet finished", "was released", "has been freed", "remains in custody",
             "is still in jail", "are still held", "remain detained", "is still in detention", "remains in prison"]
    seen = 0
    for (name, done, pending), (subject, form) in itertools.product(_STATES, itertools.product(subjects, forms)):
        text = f"{subject} {form} on Monday."
        for pattern, words in zip((done, pending), _NEEDS[name]):
            if pattern.search(text):
                seen += 1
                assert any(w in text for w in words), (name, text)
    assert seen >= len(forms) * len(subjects)  # each form is read by some pattern
