import { describe, expect, it } from 'vitest';
import { krippendorffAlphaInterval } from './krippendorff';

describe('krippendorffAlphaInterval', () => {
  it('matches the worked example in Krippendorff (2011), interval metric: 951/1120 ≈ 0.849', () => {
    // 4 coders × 12 units with missing values (the reliability data matrix of section C).
    const N = null;
    const coders = [
      [1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],
      [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
      [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],
      [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N],
    ];
    const units = coders[0]!.map((_, u) => coders.map((c) => c[u]));
    const r = krippendorffAlphaInterval(units);
    // Units 12 (one value) drops out: 11 units, n = 40 pairable values.
    expect(r.units).toBe(11);
    expect(r.values).toBe(40);
    expect(r.observedDisagreement).toBeCloseTo(13 / 30, 12);
    expect(r.expectedDisagreement).toBeCloseTo(112 / 39, 12);
    expect(r.alpha).toBeCloseTo(951 / 1120, 12);
  });

  it('is 1 for perfect agreement with variation, and null without variation or pairs', () => {
    expect(
      krippendorffAlphaInterval([
        [1, 1],
        [3, 3],
        [5, 5],
      ]).alpha,
    ).toBe(1);
    expect(
      krippendorffAlphaInterval([
        [2, 2],
        [2, 2],
      ]).alpha,
    ).toBeNull();
    expect(krippendorffAlphaInterval([[2], [3, null]]).alpha).toBeNull();
  });

  it('two coders, small case computed by hand', () => {
    // Units (1,2) and (3,3): n = 4; D_o = (2/1 + 0)/4 = 0.5;
    // all values 1,2,3,3: Σ_{i≠j} = 2·4·23 − 2·81 = 22 → D_e = 22/12; α = 1 − 0.5·12/22 = 8/11.
    expect(
      krippendorffAlphaInterval([
        [1, 2],
        [3, 3],
      ]).alpha,
    ).toBeCloseTo(8 / 11, 12);
  });
});
