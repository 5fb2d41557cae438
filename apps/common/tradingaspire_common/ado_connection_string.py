"""The keyword form of ADO.NET connection strings (`Host=h;Port=5432;Username=u;Password="a;b"`), as Npgsql and
Aspire's PostgreSQL integration write them."""


_NO_EQUALS = "a segment has no '=' (each part is keyword=value; quote a value that contains ';' with \" or ')"


def parse_keywords(value: str) -> dict[str, str]:
    """{lower-cased keyword: value} of `key=value;key=value`.

    Rules of DbConnectionStringBuilder, as far as Npgsql connection strings need them: keywords are case-insensitive
    and trimmed; `==` in a keyword is a literal `=`; a value is trimmed unless quoted; a value quoted with `'` or `"`
    may contain `;` and `=`, and a doubled quote inside it is one quote; empty segments are ignored; a later
    keyword overrides an earlier one. Raises ValueError (with a message without the values) when a segment has no
    `=`, a keyword is empty or a quote is not closed.
    """
    result: dict[str, str] = {}
    i, n = 0, len(value)
    while i < n:
        while i < n and (value[i].isspace() or value[i] == ";"):
            i += 1
        if i >= n:
            break
        key_chars = []
        while i < n:
            if value[i] == "=":
                if i + 1 < n and value[i + 1] == "=":
                    key_chars.append("=")
                    i += 2
                    continue
                break
            if value[i] == ";":
                raise ValueError(_NO_EQUALS)
            key_chars.append(value[i])
            i += 1
        key = "".join(key_chars).strip().lower()
        if i >= n:
            raise ValueError(_NO_EQUALS)
        if not key:
            raise ValueError("a keyword is empty (a segment starts with '=')")
        i += 1  # '='
        while i < n and value[i].isspace() and value[i] != ";":
            i += 1
        if i < n and value[i] in "'\"":
            quote, chars = value[i], []
            i += 1
            while True:
                if i >= n:
                    raise ValueError(f"the value of '{key}' has an unclosed {quote} quote")
                if value[i] == quote:
                    if i + 1 < n and value[i + 1] == quote:
                        chars.append(quote)
                        i += 2
                        continue
                    i += 1
                    break
                chars.append(value[i])
                i += 1
            while i < n and value[i] != ";":
                if not value[i].isspace():
                    raise ValueError(f"the value of '{key}' has text after its closing quote")
                i += 1
            item = "".join(chars)
        else:
            start = i
            while i < n and value[i] != ";":
                i += 1
            item = value[start:i].strip()
        result[key] = item
    return result


def mask_password(value: str) -> str:
    """The connection string with the value of Password/PWD replaced by ****, for error messages."""
    try:
        keywords = parse_keywords(value)
    except ValueError:
        return "<not shown: it could not be parsed, so its password could not be hidden>"
    return ";".join(f"{key}={'****' if key in ('password', 'pwd') else item}" for key, item in keywords.items())
