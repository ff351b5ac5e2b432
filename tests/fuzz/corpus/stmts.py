import a.b as c
from ..x import (y, z as w)

class C(B, metaclass=M):
    @dec
    async def f(self, *, k: int = 0) -> None:
        try:
            async with a as b, c:
                pass
        except (E, F) as e:
            raise X from e
        else:
            del a[1:2]
        finally:
            return
        while x:
            break
        for i in range(3):
            continue
        else:
            global g
