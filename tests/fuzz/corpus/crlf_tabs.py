if x:
	y = 1  # c
	z = (1 +
	     2) \
	    + 3
w = [i for i in y if i async for j in i]
