x = [1, 2, *a]
d = {**b, "k": (yield)}
f(a, *b, c=1, **d)
s = f"{x!r:>{w}} {y=}" rb"\x00" """t
"""
lambda a, /, b=1, *c, d, **e: a if b else c
