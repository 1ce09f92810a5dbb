"""Prints the table of engine/kernels/aten-math.ts glibcExp (run with /usr/bin/python3; standard library only).

2^(k/128) = H[k] (1 + T[k]) for k in [0, 128): H[k] the float64 nearest 2^(k/128), T[k] the float64 nearest
2^(k/128) / H[k] - 1, computed with 60-digit decimals. Stored as glibc's exp stores them (its __exp_data.tab, which
this reproduces entry for entry): the bits of T[k], then the bits of H[k] minus k << 45 (so that adding the
integer part of x / (ln 2 / 128), shifted by 45, gives the scale's exponent).
"""
import struct
from decimal import Decimal, getcontext

getcontext().prec = 60
N = 128


def bits(x):
    return struct.unpack("<Q", struct.pack("<d", x))[0]


ln2 = Decimal(2).ln()
rows = []
for k in range(N):
    exact = (ln2 * k / N).exp()
    h = float(exact)  # correctly rounded
    t = float(exact / Decimal(h) - 1)
    rows.append(f"  0x{bits(t):016X}, 0x{(bits(h) - (k << 45)) % 2**64:016X},")
print("\n".join(rows))
