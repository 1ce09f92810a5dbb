// Scalar math for the float64 kernels and the float32 tails, typed by the element type T (f32 or f64).

@inline export function absT<T>(x: T): T {
  return <T>abs<T>(x);
}

/** max(a, b) that returns a when a is NaN (PyTorch's clamp/std::max(a, b) with NaN in a propagate). */
@inline export function maxNaN<T>(a: T, b: T): T {
  return a < b ? b : a;
}

/** torch.sign with NaN mapped to 0 (what L1's gradient gives). */
@inline export function sign0<T>(d: T): T {
  return d > <T>0 ? <T>1 : d < <T>0 ? <T>-1 : <T>0;
}
