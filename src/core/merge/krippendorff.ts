/**
 * Krippendorff's alpha with the interval metric δ(a, b) = (a − b)², for any number of
 * coders and missing values (Krippendorff 2011, "Computing Krippendorff's Alpha-Reliability").
 *
 *   Only pairable values count: a unit (paper) contributes its m_u ≥ 2 values; n = Σ m_u.
 *   D_o = (1/n) Σ_u [ Σ_{i≠j in u} δ(v_i, v_j) / (m_u − 1) ]       (observed disagreement)
 *   D_e = Σ_{i≠j over all n pairable values} δ(v_i, v_j) / (n(n − 1))  (expected disagreement)
 *   α   = 1 − D_o / D_e
 *
 * For the squared difference the sum over ordered pairs has a closed form,
 * Σ_{i≠j} (v_i − v_j)² = 2m Σv² − 2(Σv)², so this is linear in the number of values.
 * α is undefined (null) when there are no pairable units or no variation at all (D_e = 0).
 * Pure; used by merge and by insights.
 */
export interface AlphaResult {
  alpha: number | null;
  /** Units with at least two values. */
  units: number;
  /** Pairable values, n. */
  values: number;
  observedDisagreement: number | null;
  expectedDisagreement: number | null;
}

type Value = number | null | undefined;

function pairSum(values: readonly number[]): number {
  let sum = 0;
  let sumSq = 0;
  for (const v of values) {
    sum += v;
    sumSq += v * v;
  }
  return 2 * values.length * sumSq - 2 * sum * sum;
}

/** `units[u]` holds one entry per coder (missing as null/undefined). */
export function krippendorffAlphaInterval(units: ReadonlyArray<ReadonlyArray<Value>>): AlphaResult {
  const pairable: number[][] = [];
  for (const unit of units) {
    const vs = unit.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
    if (vs.length >= 2) pairable.push(vs);
  }
  const n = pairable.reduce((acc, u) => acc + u.length, 0);
  if (pairable.length === 0 || n < 2) {
    return { alpha: null, units: 0, values: 0, observedDisagreement: null, expectedDisagreement: null };
  }
  let observed = 0;
  for (const u of pairable) observed += pairSum(u) / (u.length - 1);
  observed /= n;
  const expected = pairSum(pairable.flat()) / (n * (n - 1));
  return {
    alpha: expected === 0 ? null : 1 - observed / expected,
    units: pairable.length,
    values: n,
    observedDisagreement: observed,
    expectedDisagreement: expected,
  };
}
