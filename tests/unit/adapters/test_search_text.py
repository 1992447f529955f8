"""The words of a site's pages that each part of an index in parts holds (SiteWords)."""

from __future__ import annotations

from planpress.adapters.search_text import SiteWords


def test_site_words_are_every_word_of_the_pages_text_not_of_their_markup() -> None:
    words = SiteWords()
    words.read('<html lang="en-GB"><body class="hidden-class"><p>BUS-01 Café &amp; Bar</p>'
               "<td data-x=\"attr\">Skills_hub 2025</td></body></html>")  # fmt: skip
    words.read('<html lang="cy"><p>Second page, BUS-01 again</p></html>')
    assert words.language == "en-gb"  # the first page's
    assert words.found == {"bus-01", "café", "bar", "skills_hub", "2025", "second", "page",
                           "again"}  # fmt: skip
    assert words.content() == " ".join(sorted(words.found))
    # a part's record holds the words its own records do not
    own = SiteWords.words_of("BUS-01 Café. ___PAGEFIND_AUTO_WEIGHT___7 Second")
    assert own == {"bus-01", "café", "___pagefind_auto_weight___7", "second"}
    assert words.content(own) == "2025 again bar page skills_hub"
    empty = SiteWords()
    empty.read("<p>no language</p>")
    assert empty.language == "en"
