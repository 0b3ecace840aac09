from llm_napkin.show import page


def test_dollar_amounts_are_escaped_but_formulas_are_not():
    text = page.markdown("costs $2.98, not \\$3; the floor is $W/\\beta$").data
    assert text == "costs \\$2.98, not \\$3; the floor is $W/\\beta$"


def test_table_markdown():
    assert page.table_markdown(["a", "b"], [[1, "x"]]) == "| a | b |\n|---|---|\n| 1 | x |"
