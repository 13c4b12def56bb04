/** The Units view: units ranked by how well they track features of a text. */
import { TEXT_FEATURES, type TextFeature, type UnitRef, type UnitScore } from '../core/infer/unitFeatures';
import { arrayOf, isInt, isNum, isObj, isStr, objectOf, oneOf, own, type Check } from './validate';

/** Units ranked by how well they track features of a text, for the panel's Units view. */
export interface UnitsRanking {
  readonly modelName: string;
  /** What was read: a file's name, or the model's training corpus. */
  readonly sourceLabel: string;
  readonly chars: number;
  /** Per feature that varies in the text, its label and its best units, best first. */
  readonly features: readonly { readonly feature: TextFeature; readonly label: string; readonly units: readonly UnitScore[] }[];
}

export type UnitsSource = 'activeFile' | 'corpus';
export const UNITS_SOURCES: readonly UnitsSource[] = ['activeFile', 'corpus'];

export const UNIT_REF_FIELDS = { layer: isInt, kind: oneOf(['C', 'H'] as const), unit: isInt };
const isUnitRef: Check<UnitRef> = objectOf(UNIT_REF_FIELDS);

/** A ranking shows a few units per feature; a model has at most some thousands. */
const MAX_UNITS = 1 << 16;

const isFeature = oneOf(TEXT_FEATURES);

/** One feature's best units: each names that feature, and its correlation r lies in [−1, 1]. */
function isFeatureUnits(v: unknown): v is UnitsRanking['features'][number] {
  if (!isObj(v) || !isFeature(own(v, 'feature')) || !isStr(own(v, 'label'))) return false;
  const feature = own(v, 'feature');
  const isScore = (u: unknown): u is UnitScore => {
    if (!isUnitRef(u) || !isObj(u)) return false;
    const r = own(u, 'r');
    return own(u, 'feature') === feature && isNum(r) && Math.abs(r) <= 1;
  };
  return arrayOf(isScore, MAX_UNITS)(own(v, 'units'));
}

export const isUnitsRanking: Check<UnitsRanking> = objectOf({
  modelName: isStr,
  sourceLabel: isStr,
  chars: isInt,
  features: arrayOf(isFeatureUnits, TEXT_FEATURES.length),
});
