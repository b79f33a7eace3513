/**
 * A DICOM Hanging Protocol instance (PS3.3 C.23: Definition, Environment and Display modules) in
 * Lightbox's protocol form, where the two can say the same thing. What cannot be carried over is
 * listed, never silently dropped. Input: the instance as DICOM JSON (PS3.18 F).
 */
import { numberValues, sequenceItems, stringValue } from '../dicom/model/dicomJsonAccess';
import { PROTOCOL_SCHEMA_VERSION, type DisplaySetSelector, type HangingProtocol, type SeriesAttribute, type SeriesRule, type StudyRule, type SyncGroup, type ViewportSpec, type ViewportType } from './protocolTypes';
import type { DicomJsonDataset } from '../dicom/model/dicomJson';

export const HANGING_PROTOCOL_SOP_CLASS = '1.2.840.10008.5.1.4.38.1';

export interface ImportedProtocol {
  protocol: HangingProtocol;
  /** What the instance says that this form cannot (or only approximately) express. */
  notes: string[];
}

type Item = DicomJsonDataset;
const text = (ds: Item | undefined, tag: string): string => (stringValue(ds, tag) ?? '').trim();

/** Selector Attribute (0072,0026) → the series attribute it selects on. */
const SELECTOR_ATTRIBUTES: Record<string, SeriesAttribute> = {
  '00080060': 'modality',
  '0008103E': 'seriesDescription',
  '00180015': 'bodyPart',
  '00180050': 'sliceThickness',
  '00181210': 'kernel',
  '00080008': 'imageType',
  '00185101': 'viewPosition',
  '00200060': 'laterality',
  '00200062': 'laterality',
  '00180010': 'contrast',
  '00280008': 'frames',
};

/** VOI Type (0072,0702) → window preset. */
const VOI_PRESETS: Record<string, string> = { LUNG: 'lung', MEDIASTINUM: 'mediastinum', BONE: 'bone', BRAIN: 'brain', ABDOMEN: 'abdomen', LIVER: 'liver', SOFT_TISSUE: 'mediastinum' };

/** The selector's value: whichever Selector xx Value (0072,0060–007E) the item carries. */
function selectorValues(item: Item): (string | number)[] {
  for (const [tag, element] of Object.entries(item)) {
    const group = tag.slice(0, 4).toUpperCase();
    const element16 = parseInt(tag.slice(4), 16);
    if (group === '0072' && element16 >= 0x60 && element16 <= 0x7e && element16 % 2 === 0) return (element.Value ?? []).map((v) => (typeof v === 'number' ? v : String(v).trim()));
  }
  return [];
}

const tagOf = (item: Item): string => text(item, '00720026').toUpperCase();
const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** One selector / filter item as a series rule, or why it cannot be one. */
function seriesRule(item: Item, required: boolean): SeriesRule | string {
  const category = text(item, '00720402');
  const vals = selectorValues(item);
  if (category === 'IMAGE_PLANE') {
    const plane = String(vals[0] ?? '').toLowerCase();
    return ['axial', 'sagittal', 'coronal', 'oblique'].includes(plane) ? { attribute: 'orientation', op: 'equals', value: plane, required: true } : `image plane ${JSON.stringify(vals[0])} is not one of AXIAL, SAGITTAL, CORONAL, OBLIQUE`;
  }
  const tag = tagOf(item);
  const attribute = SELECTOR_ATTRIBUTES[tag];
  if (!attribute) return `selector on (${tag.slice(0, 4)},${tag.slice(4)}) is not an attribute Lightbox matches series by`;
  const presence = text(item, '00720404');
  if (presence === 'PRESENT' || presence === 'NOT_PRESENT') return { attribute, op: presence === 'PRESENT' ? 'present' : 'absent', required: true };
  if (attribute === 'contrast') return { attribute, op: 'present', required };
  const operator = text(item, '00720406') || 'MEMBER_OF';
  const nums = vals.map(Number);
  switch (operator) {
    case 'RANGE_INCL':
      return nums.length === 2 && nums.every(Number.isFinite) ? { attribute, op: 'range', value: [Math.min(...nums), Math.max(...nums)], required: true } : 'RANGE_INCL needs two numbers';
    case 'GREATER_OR_EQUAL':
    case 'GREATER_THAN':
      return Number.isFinite(nums[0]) ? { attribute, op: 'range', value: [nums[0]!, Number.MAX_SAFE_INTEGER], required: true } : `${operator} needs a number`;
    case 'LESS_OR_EQUAL':
    case 'LESS_THAN':
      return Number.isFinite(nums[0]) ? { attribute, op: 'range', value: [-Number.MAX_SAFE_INTEGER, nums[0]!], required: true } : `${operator} needs a number`;
    case 'MEMBER_OF':
    case 'NOT_MEMBER_OF': {
      const list = vals.map(String).filter(Boolean);
      if (list.length === 0) return `${operator} without values`;
      // Image Type and other multi-valued attributes match on any of their values.
      const rule: SeriesRule = attribute === 'imageType' || attribute === 'seriesDescription' ? { attribute, op: 'matches', value: list.map((v) => `^${escape(v)}$`).join('|') } : { attribute, op: 'oneOf', value: list };
      // No negation in the rule language: a strong penalty instead of an exclusion.
      return operator === 'NOT_MEMBER_OF' ? { ...rule, weight: -5 } : { ...rule, required };
    }
    default:
      return `filter operator ${operator} is not supported`;
  }
}

interface Screen {
  /** x1, y1 (upper left), x2, y2 (lower right) in the environment, origin at its lower left. */
  box: [number, number, number, number];
}

/** Which screen holds an image box, and the box in that screen's 0–1 coordinates from its top left. */
function placeBox(box: number[], screens: Screen[]): { screen: number; rect: [number, number, number, number] } | undefined {
  if (box.length !== 4) return undefined;
  const [x1, y1, x2, y2] = box as [number, number, number, number];
  const cx = (x1 + x2) / 2;
  const cy = (y1 + y2) / 2;
  const screen = screens.findIndex(({ box: [sx1, sy1, sx2, sy2] }) => cx >= sx1 && cx <= sx2 && cy <= sy1 && cy >= sy2);
  if (screen < 0) return undefined;
  const [sx1, sy1, sx2, sy2] = screens[screen]!.box;
  const w = sx2 - sx1;
  const h = sy1 - sy2;
  const clamp = (v: number): number => Math.round(Math.min(1, Math.max(0, v)) * 1e4) / 1e4;
  return { screen, rect: [clamp((x1 - sx1) / w), clamp((sy1 - y1) / h), clamp((x2 - x1) / w), clamp((y1 - y2) / h)] };
}

function viewportType(ds: Item, notes: string[], label: string): ViewportType {
  const reformat = text(ds, '00720510');
  const rendering = text(ds, '00720520');
  if (reformat === '3D_RENDERING' || rendering) {
    if (rendering === 'MIP') return 'mip';
    if (rendering && rendering !== 'VOLUME') notes.push(`${label}: 3D rendering type ${rendering} shown as volume rendering`);
    return '3d';
  }
  if (reformat === 'MPR' || reformat === 'SLAB') {
    const direction = text(ds, '00720516').toLowerCase();
    if (reformat === 'SLAB') notes.push(`${label}: slab reformatting opens as a plain MPR plane (set the slab in the MPR tool bar)`);
    return direction === 'sagittal' ? 'mpr-sagittal' : direction === 'coronal' ? 'mpr-coronal' : 'mpr-axial';
  }
  return 'stack';
}

const slug = (s: string): string =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '') || 'protocol';

/** The instance in Lightbox's protocol form, with notes on what did not carry over. */
export function protocolFromDicom(ds: DicomJsonDataset, source: string): ImportedProtocol {
  const notes: string[] = [];
  const name = text(ds, '00720002');
  if (!name) throw new Error(`${source}: not a Hanging Protocol instance: Hanging Protocol Name (0072,0002) is missing`);

  // Definition module: which studies (any definition item), priors.
  const definitions = sequenceItems(ds, '0072000C');
  const match: StudyRule[] = [];
  const modalities = [...new Set(definitions.map((d) => text(d, '00080060').toUpperCase()).filter(Boolean))];
  if (modalities.length) match.push({ attribute: 'modality', op: 'oneOf', value: modalities, required: true, weight: 2 });
  const meanings = (tag: string): string[] => [...new Set(definitions.flatMap((d) => sequenceItems(d, tag).map((c) => text(c, '00080104') || text(c, '00080100')).filter(Boolean)))];
  const regions = meanings('00082218');
  if (regions.length) match.push({ attribute: 'bodyPart', op: 'oneOf', value: regions.map((r) => r.toUpperCase()), weight: 3 });
  const procedures = meanings('00081032');
  if (procedures.length) match.push({ attribute: 'studyDescription', op: 'matches', value: procedures.map(escape).join('|'), weight: 2 });
  if (definitions.some((d) => text(d, '00200060'))) notes.push('study laterality in the definition is not matched');
  if (definitions.some((d) => sequenceItems(d, '0040100A').length)) notes.push('Reason for Requested Procedure codes are not matched');
  const priorCount = numberValues(ds, '00720014')[0] ?? 0;

  // Image sets: the current study or the n-th prior, with selectors that every display set of theirs inherits.
  const imageSets = new Map<number, { study: DisplaySetSelector['study']; rules: SeriesRule[] }>();
  for (const set of sequenceItems(ds, '00720020')) {
    const rules: SeriesRule[] = [];
    for (const selector of sequenceItems(set, '00720022')) {
      const rule = seriesRule(selector, text(selector, '00720024') !== 'NO_MATCH');
      if (typeof rule === 'string') notes.push(`image set selector: ${rule}`);
      else rules.push(rule);
    }
    for (const timed of sequenceItems(set, '00720030')) {
      const number = numberValues(timed, '00720032')[0];
      if (number === undefined) continue;
      const category = text(timed, '00720034');
      let study: DisplaySetSelector['study'] = 'current';
      if (category === 'ABSTRACT_PRIOR') {
        const n = numberValues(timed, '0072003C')[0] ?? 1;
        if (n < 1) notes.push(`image set ${number}: abstract prior ${n} (oldest) is taken as the most recent relevant prior`);
        study = n <= 1 ? 'prior' : `prior-${n}`;
      } else if ((numberValues(timed, '00720038')[0] ?? 0) > 0) {
        notes.push(`image set ${number}: a relative time before the current study is taken as the most recent relevant prior`);
        study = 'prior';
      }
      imageSets.set(number, { study, rules });
    }
  }
  const priorsWanted = Math.max(priorCount, ...[...imageSets.values()].map(({ study }) => (study === 'current' ? 0 : study === 'prior' ? 1 : Number(study.slice(6)))));

  // Environment: the screens, side by side when none is described.
  const described = sequenceItems(ds, '00720102').map((s) => numberValues(s, '00720108'));
  const screenCount = Math.max(1, numberValues(ds, '00720100')[0] ?? 1, described.length);
  const screens: Screen[] = described.length === screenCount && described.every((b) => b.length === 4) ? described.map((b) => ({ box: b as Screen['box'] })) : Array.from({ length: screenCount }, (_, i) => ({ box: [i / screenCount, 1, (i + 1) / screenCount, 0] }));

  // Display module: display sets → selectors and viewports, grouped into stages by presentation group.
  const scrolling = sequenceItems(ds, '00720210').map((s) => numberValues(s, '00720212'));
  const syncGroups: SyncGroup[] = scrolling.map((_, i) => ({ id: `scroll-${i + 1}`, kinds: ['position'] }));
  const displaySets: DisplaySetSelector[] = [];
  const stages = new Map<number, Map<number, { rects: [number, number, number, number][]; viewports: ViewportSpec[] }>>();
  const groupNames = new Map<number, string>();
  for (const set of sequenceItems(ds, '00720200')) {
    const number = numberValues(set, '00720202')[0] ?? displaySets.length + 1;
    const label = `display set ${number}`;
    const imageSet = imageSets.get(numberValues(set, '00720032')[0] ?? 1);
    if (!imageSet) {
      notes.push(`${label}: its image set is not defined; left out`);
      continue;
    }
    const rules = [...imageSet.rules];
    for (const filter of sequenceItems(set, '00720400')) {
      const rule = seriesRule(filter, true);
      if (typeof rule === 'string') notes.push(`${label}: ${rule}`);
      else rules.push(rule);
    }
    if (sequenceItems(set, '00720600').length) notes.push(`${label}: sorting operations are not carried over (slices are ordered by position)`);
    const key = JSON.stringify([imageSet.study, rules]);
    const nth = displaySets.filter((d) => JSON.stringify([d.study, d.rules]) === key).length + 1;
    const id = `ds-${number}`;
    displaySets.push({ id, study: imageSet.study, rules, ...(nth > 1 ? { nth } : {}) });
    const boxes = sequenceItems(set, '00720300');
    if (boxes.length > 1) notes.push(`${label}: ${boxes.length} image boxes; the first is used`);
    const placed = placeBox(numberValues(boxes[0], '00720108'), screens);
    if (!placed) {
      notes.push(`${label}: its image box lies on no screen; left out of the layout`);
      continue;
    }
    const voi = text(set, '00720702').toUpperCase();
    if (voi && !VOI_PRESETS[voi]) notes.push(`${label}: VOI type ${voi} has no preset; the image's own window is used`);
    if (text(set, '00720700')) notes.push(`${label}: display set patient orientation is not applied`);
    const sync = scrolling.flatMap((group, i) => (group.includes(number) ? [`scroll-${i + 1}`] : []));
    const viewport: ViewportSpec = {
      displaySet: id,
      type: viewportType(set, notes, label),
      ...(VOI_PRESETS[voi] ? { windowPreset: VOI_PRESETS[voi] } : {}),
      ...(text(set, '00720710') === 'YES' ? { zoom: '1:1' as const } : {}),
      ...(sync.length ? { sync } : {}),
    };
    const group = numberValues(set, '00720204')[0] ?? 1;
    if (text(set, '00720206')) groupNames.set(group, text(set, '00720206'));
    const stage = stages.get(group) ?? new Map();
    stages.set(group, stage);
    const display = stage.get(placed.screen) ?? { rects: [], viewports: [] };
    stage.set(placed.screen, display);
    display.rects.push(placed.rect);
    display.viewports.push(viewport);
  }
  if (displaySets.length === 0) throw new Error(`${source}: the Hanging Protocol defines no usable display set`);

  const level = text(ds, '00720006');
  const creator = text(ds, '00720008');
  const protocol: HangingProtocol = {
    schemaVersion: PROTOCOL_SCHEMA_VERSION,
    id: `hp-${slug(name)}`,
    name,
    description: [text(ds, '00720004'), `Imported from a DICOM Hanging Protocol${level ? ` (${level.toLowerCase()} level${creator ? `, ${creator}` : ''})` : ''}.`].filter(Boolean).join(' '),
    match,
    ...(priorsWanted > 0 ? { priors: { count: priorsWanted, sameModality: true } } : {}),
    displaySets,
    stages: [...stages.entries()]
      .sort(([a], [b]) => a - b)
      .map(([group, displays]) => ({
        name: groupNames.get(group) || `Stage ${group}`,
        // Each screen keeps its place: screen 1 is the first diagnostic display, screen 2 the second…
        displays: [...displays.entries()]
          .sort(([a], [b]) => a - b)
          .map(([screen, d]) => ({ role: screen === 0 ? 'diagnostic' : `diagnostic-${screen + 1}`, layout: { kind: 'free' as const, rects: d.rects }, viewports: d.viewports })),
      })),
    ...(syncGroups.length ? { syncGroups } : {}),
  };
  return { protocol, notes };
}
