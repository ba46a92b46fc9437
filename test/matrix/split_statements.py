#!/usr/bin/env python3
"""Splits psql scripts into the statements psql would send, as CSV rows
(file, statement) on stdout: the corpus of test/matrix/fingerprint_corpus.sh.

    split_statements.py FILE.sql...

Follows psql's lexer where it decides where a statement ends: quotes ('',
E'' with backslash escapes, "", $tag$), comments (--, nested /* */), a
semicolon only outside parentheses and outside a BEGIN ... END routine body,
meta-commands (\\g... sends the statement so far, \\; is a semicolon that does
not, the others are left out), COPY ... FROM stdin followed by data up to a
line "\\.". A psql variable :'name' (or :"name") becomes the literal 'name'
("name"); :name stays as written, and such a statement may not parse, which
is fine for a corpus whose only use is to compare what libpg_query says
about each text on several servers. Files that are not UTF-8 are skipped.
"""
import csv
import re
import sys

IDENT = re.compile(r"[A-Za-z_\x80-\uffff][A-Za-z_0-9$\x80-\uffff]*")
DOLLAR_TAG = re.compile(r"\$([A-Za-z_\x80-\uffff][A-Za-z_0-9\x80-\uffff]*)?\$")
COPY_FROM_STDIN = re.compile(r"^\s*copy\b.*\bfrom\s+stdin\b", re.I | re.S)
ROUTINE = re.compile(r"^\s*create\s+(or\s+replace\s+)?(function|procedure)\b", re.I)
PSQL_VARIABLE = re.compile(r":(['\"])([A-Za-z_][A-Za-z_0-9]*)\1")
SENDS = re.compile(r"\\(g[a-z]*|crosstabview|watch)$")


def end_of_quoted(text, i, quote, backslash_escapes=False):
    """Index after the quoted token whose opening quote is at i."""
    i += 1
    while i < len(text):
        if backslash_escapes and text[i] == "\\":
            i += 2
        elif text[i] == quote:
            if text.startswith(quote * 2, i):
                i += 2
            else:
                return i + 1
        else:
            i += 1
    return len(text)


def statements(text):
    """Yields each statement's text (without its semicolon)."""
    n = len(text)
    pieces = []     # the statement so far, without meta-commands
    start = i = 0   # text[start:i] continues it
    parens = begin_depth = 0

    def take(end):
        nonlocal pieces, parens, begin_depth
        stmt = ("".join(pieces) + text[start:end]).strip()
        pieces, parens, begin_depth = [], 0, 0
        return stmt

    while i < n:
        c = text[i]
        if text.startswith("\\;", i):
            # A semicolon that does not send: one query string, several statements.
            pieces.append(text[start:i] + ";")
            i = start = i + 2
        elif c == "\\":
            eol = text.find("\n", i)
            eol = n if eol < 0 else eol
            command = text[i:eol].split()[0]
            if SENDS.match(command):
                stmt = take(i)
                if stmt:
                    yield stmt
            else:
                pieces.append(text[start:i])
            i = start = eol
        elif text.startswith("--", i):
            eol = text.find("\n", i)
            i = n if eol < 0 else eol
        elif text.startswith("/*", i):
            depth, i = 1, i + 2
            while i < n and depth > 0:
                if text.startswith("/*", i):
                    depth, i = depth + 1, i + 2
                elif text.startswith("*/", i):
                    depth, i = depth - 1, i + 2
                else:
                    i += 1
        elif c in "eE" and text.startswith("'", i + 1):
            i = end_of_quoted(text, i + 1, "'", backslash_escapes=True)
        elif c == ":" and PSQL_VARIABLE.match(text, i):
            # psql substitutes the variable: a literal of its name stands in.
            m = PSQL_VARIABLE.match(text, i)
            pieces.append(text[start:i] + m.group(1) + m.group(2) + m.group(1))
            i = start = m.end()
        elif c == ":" and text.startswith("::", i):
            i += 2
        elif c in "'\"":
            i = end_of_quoted(text, i, c)
        elif c == "$" and DOLLAR_TAG.match(text, i):
            tag = DOLLAR_TAG.match(text, i).group(0)
            end = text.find(tag, i + len(tag))
            i = n if end < 0 else end + len(tag)
        elif IDENT.match(text, i):
            m = IDENT.match(text, i)
            word = m.group(0).lower()
            if begin_depth > 0 or ROUTINE.match("".join(pieces) + text[start:i]):
                if word == "begin" or (word == "case" and begin_depth > 0):
                    begin_depth += 1
                elif word == "end" and begin_depth > 0:
                    begin_depth -= 1
            i = m.end()
        elif c.isdigit():
            while i < n and (text[i].isalnum() or text[i] in "._"):
                i += 1   # a number, or $1's digits: never a quote or identifier start
        elif c == ";" and parens == 0 and begin_depth == 0:
            stmt = take(i)
            i = start = i + 1
            if stmt:
                yield stmt
            if stmt and COPY_FROM_STDIN.match(stmt):
                # The data starts on the next line and ends with a line "\.".
                eol = text.find("\n", i)
                end = -1 if eol < 0 else text.find("\n\\.", eol - 1)
                if end >= 0:
                    eod = text.find("\n", end + 1)
                    i = start = n if eod < 0 else eod
        else:
            if c == "(":
                parens += 1
            elif c == ")":
                parens = max(0, parens - 1)
            i += 1
    stmt = take(n)
    if stmt:
        yield stmt


def main():
    out = csv.writer(sys.stdout, lineterminator="\n")
    for path in sys.argv[1:]:
        try:
            with open(path, encoding="utf-8") as f:
                text = f.read()
        except UnicodeDecodeError:
            continue
        for stmt in statements(text):
            out.writerow([path, stmt])


if __name__ == "__main__":
    main()
