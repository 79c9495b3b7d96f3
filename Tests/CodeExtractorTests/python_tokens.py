"""Counts a Python file's tokens as the code extractor normalizes them, with Python's own tokenize:
comments, newlines and indentation dropped, an operator of n characters counted n times, a comma
directly before a closing bracket dropped. A test oracle for CodeExtractorTests."""
import io
import sys
import tokenize

LAYOUT = (tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT, tokenize.ENDMARKER)
with open(sys.argv[1], encoding="utf-8") as handle:
    tokens = [t for t in tokenize.generate_tokens(handle.readline) if t.type not in LAYOUT]
trailing = sum(1 for a, b in zip(tokens, tokens[1:]) if a.string == "," and b.string in ")]}")
operators = sum(len(t.string) - 1 for t in tokens if t.type == tokenize.OP)
print(len(tokens) - trailing + operators)
