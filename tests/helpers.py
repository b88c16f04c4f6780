"""Small builders shared by the tests."""


def article(title: str = "T", body: str = "## What is X?\n\nX is a thing that does a job well.\n", extra: str = "") -> str:
    return f"---\ntitle: {title}\n{extra}---\n\n{body}"
