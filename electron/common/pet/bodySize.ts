/**
 * Body-size normalisations for SUV. Weight in kg, height in m; results in kg (masses) or cm² (BSA).
 * Each returns undefined where its formula needs a sex it was not given (M or F).
 */

/**
 * Lean body mass, James (1976, Research on obesity, HMSO): men 1.10 W − 128 (W/H)², women
 * 1.07 W − 148 (W/H)², H in cm. (calculate-suv uses 120 for men, which is not James's coefficient.)
 * It turns over for large BMIs (about 43 for men): a non-positive result is the caller's to refuse.
 */
export function leanBodyMassJames(weightKg: number, heightM: number, sex: string): number | undefined {
  const ratio = (weightKg / (heightM * 100)) ** 2;
  if (sex === 'M') return 1.1 * weightKg - 128 * ratio;
  if (sex === 'F') return 1.07 * weightKg - 148 * ratio;
  return undefined;
}

/**
 * Lean body mass, Janmahasatian et al. (2005, Clin Pharmacokinet 44:1051): men
 * 9270 W / (6680 + 216 BMI), women 9270 W / (8780 + 244 BMI). PERCIST's SUL uses it.
 */
export function leanBodyMassJanmahasatian(weightKg: number, heightM: number, sex: string): number | undefined {
  const bmi = weightKg / heightM ** 2;
  if (sex === 'M') return (9270 * weightKg) / (6680 + 216 * bmi);
  if (sex === 'F') return (9270 * weightKg) / (8780 + 244 * bmi);
  return undefined;
}

/** Body surface area in cm², Du Bois & Du Bois (1916): 71.84 W^0.425 H^0.725, H in cm. */
export function bodySurfaceAreaDuBois(weightKg: number, heightM: number): number {
  return 71.84 * weightKg ** 0.425 * (heightM * 100) ** 0.725;
}

/**
 * Ideal body weight, Devine (1974, Drug Intell Clin Pharm 8:650): men 50 kg, women 45.5 kg, plus
 * 2.3 kg per inch over 5 feet. It needs no weight, so SUVibw survives a missing weight.
 */
export function idealBodyWeightDevine(heightM: number, sex: string): number | undefined {
  const inchesOver5Feet = (heightM * 100) / 2.54 - 60;
  if (sex === 'M') return 50 + 2.3 * inchesOver5Feet;
  if (sex === 'F') return 45.5 + 2.3 * inchesOver5Feet;
  return undefined;
}
