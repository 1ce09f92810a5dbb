// erf on float32: glibc 2.36's erff (std::erf), bit for bit: the fdlibm conversion (s_erff.c: rational
// approximations on four ranges, then two expf for |x| >= 1.25). torch.erf itself takes 1.13's vector erf and the
// 2.x wheels' MKL: an ulp from this on a few percent of inputs (engine/README.md, "knowingly differs").
import { glibcExpf } from "./glibc";

// glibc's s_erff.c constants, by range: erf on [0, 0.84375] (pp / qq), [0.84375, 1.25] (pa / qa), erfc on
// [1.25, 1 / 0.35] (ra / sa) and [1 / 0.35, 6] (rb / sb); their float32 bit patterns as the source gives them.
const ERX = reinterpret<f32>(0x3f58560b);
const EFX = reinterpret<f32>(0x3e0375d4);
const ERF_PQ = memory.data<u32>([
  0x3e0375d4, 0xbea66beb, 0xbce9528f, 0xbbbd1489, 0xb7c756b1, // pp0..pp4
  0x3ecbbbce, 0x3d852a63, 0x3ba68116, 0x390aee49, 0xb684e21a, // qq1..qq5
  0xbb1acdc6, 0x3ed46805, 0xbebe9208, 0x3ea2fe54, 0xbde31cc2, 0x3d1151b3, 0xbb0df9c0, // pa0..pa6
  0x3dd9f331, 0x3f0a5785, 0x3d931ae7, 0x3e013307, 0x3c5f6e13, 0x3c445aa3, // qa1..qa6
  0xbc21a093, 0xbf31a0b7, 0xc128f022, 0xc2798057, 0xc322658c, 0xc3389ae7, 0xc2a2932b, 0xc11d077e, // ra0..ra7
  0x419d35ce, 0x4309a863, 0x43d9486f, 0x442158c9, 0x43d6810b, 0x42d9451f, 0x40d23f7c, 0xbd777f97, // sa1..sa8
  0xbc21a092, 0xbf4c9dd4, 0xc18e104b, 0xc320a2ea, 0xc41f6441, 0xc480230b, 0xc3f1c275, // rb0..rb6
  0x41f2b459, 0x43a2e571, 0x44c01759, 0x4547fdbb, 0x451f90ce, 0x43ed43a7, 0xc1b38712, // sb1..sb7
]);
const PP = 0;
const QQ = 5;
const PA = 10;
const QA = 17;
const RA = 23;
const SA = 31;
const RB = 39;
const SB = 46;

@inline function c(i: i32): f32 {
  return reinterpret<f32>(load<u32>(ERF_PQ + (<usize>i << 2)));
}

/** c[at] + s (c[at + 1] + s (... c[at + deg])), in float32 as the C source nests it. */
function horner(at: i32, deg: i32, s: f32): f32 {
  let acc = c(at + deg);
  for (let k = deg - 1; k >= 0; k--) acc = c(at + k) + s * acc;
  return acc;
}

/** 1 + s (c[at] + s (... c[at + deg - 1])): the denominators, whose constant term is one. */
@inline function hornerOne(at: i32, deg: i32, s: f32): f32 {
  return <f32>1 + s * horner(at, deg - 1, s);
}

/** glibc 2.36's erff (sysdeps/ieee754/flt-32/s_erff.c), operation for operation in float32. */
export function glibcErff(x: f32): f32 {
  const hx = reinterpret<i32>(x);
  const ix = hx & 0x7fffffff;
  if (ix >= 0x7f800000) return <f32>(<i32>1 - (<i32>(<u32>hx >> 31) << 1)) + <f32>1 / x; // NaN; +-inf: +-1
  if (ix < 0x3f580000) { // |x| < 0.84375
    if (ix < 0x31800000) { // |x| < 2^-28
      if (ix < 0x04000000) return <f32>0.0625 * (<f32>16 * x + (<f32>16 * EFX) * x);
      return x + EFX * x;
    }
    const z = x * x;
    const y = horner(PP, 4, z) / hornerOne(QQ, 5, z);
    return x + x * y;
  }
  if (ix < 0x3fa00000) { // 0.84375 <= |x| < 1.25
    const s = abs<f32>(x) - <f32>1;
    const q = horner(PA, 6, s) / hornerOne(QA, 6, s);
    return hx >= 0 ? ERX + q : -ERX - q;
  }
  if (ix >= 0x40c00000) return hx >= 0 ? <f32>1 - <f32>1e-30 : <f32>1e-30 - <f32>1; // |x| >= 6
  const a = abs<f32>(x);
  const s = <f32>1 / (a * a);
  let R: f32, S: f32;
  if (ix < 0x4036db6e) { // |x| < 1 / 0.35
    R = horner(RA, 7, s);
    S = hornerOne(SA, 8, s);
  } else {
    R = horner(RB, 6, s);
    S = hornerOne(SB, 7, s);
  }
  const z = reinterpret<f32>(reinterpret<u32>(a) & 0xfffff000);
  const r = glibcExpf(-z * z - <f32>0.5625) * glibcExpf((z - a) * (z + a) + R / S);
  return hx >= 0 ? <f32>1 - r / a : r / a - <f32>1;
}
