"""The passwords of the any-password table tests (issue 22 item 5): each ASCII punctuation character and the space
alone inside a password, a space at its start and at its end, and one password holding all of them (the .NET tests
build the same list: eng/TestSupport/AnyPasswords.cs)."""
import string

ALL_PUNCTUATION_AND_SPACE = "a " + string.punctuation + " z"
"""Every ASCII punctuation character and spaces, inside: `a !"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~ z`."""


def any_passwords() -> list[str]:
    """`pw{c}rd` for each punctuation character and the space, then a space at each end, then the all-in-one."""
    return [f"pw{c}rd" for c in " " + string.punctuation] + [" leading", "trailing ", ALL_PUNCTUATION_AND_SPACE]
