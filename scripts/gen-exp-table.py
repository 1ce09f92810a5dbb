"""Prints the tables of engine/kernels/aten-math.ts glibcExp and glibcExpf (run with /usr/bin/python3; standard
library only).

glibcExp: 2^(k/128) = H[k] (1 + T[k]) for k in [0, 128): H[k] the float64 nearest 2^(k/128), T[k] the float64
nearest 2^(k/128) / H[k] - 1, computed with 60-digit decimals. Stored as glibc's exp stores them (its
__exp_data.tab, which this reproduces entry for entry): the bits of T[k], then the bits of H[k] minus k << 45 (so
that adding the integer part of x / (ln 2 / 128), shifted by 45, gives the scale's exponent).
glibcExpf: the bits of the float64 nearest 2^(k/32) minus k << 47, k in [0, 32) (glibc's __exp2f_data.tab).
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
print()
print("\n".join("  " + " ".join(f"0x{(bits(float((ln2 * k / 32).exp())) - (k << 47)) % 2**64:016X}," for k in range(j, j + 4)) for j in range(0, 32, 4)))
