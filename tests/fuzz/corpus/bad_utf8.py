x = "café"
名 = 1
y = �
z = "unterminated
