import { PROTOCOL_SCHEMA_VERSION, type HangingProtocol } from './protocolTypes';

const STUDY_ATTRIBUTES = ['modality', 'bodyPart', 'studyDescription', 'institution', 'numberOfImages', 'numberOfSeries'];
const SERIES_ATTRIBUTES = ['modality', 'seriesDescription', 'bodyPart', 'orientation', 'sliceThickness', 'contrast', 'kernel', 'imageType', 'frames', 'instances', 'viewPosition', 'laterality', 'units', 'attenuationCorrected'];
const OPS = ['equals', 'contains', 'matches', 'range', 'oneOf', 'present', 'absent'];
const VIEWPORT_TYPES = ['stack', 'mpr-axial', 'mpr-sagittal', 'mpr-coronal', '3d', 'mip'];
const SYNC_KINDS = ['position', 'windowLevel', 'zoomPan'];
const FUSION_COLOR_MAPS = ['hotIron', 'pet', 'greyInverted'];

/** A protocol that breaks the schema: names the protocol source and the path of the bad field. */
export class ProtocolError extends Error {
  override name = 'ProtocolError';
  constructor(source: string, path: string, problem: string) {
    super(`${source}: ${path}: ${problem}`);
  }
}

type Json = Record<string, unknown>;

/** Checks a parsed JSON value against schema version 1; returns it typed, or throws one `ProtocolError` naming the first problem. */
export function validateProtocol(value: unknown, source: string): HangingProtocol {
  const fail = (path: string, problem: string): never => {
    throw new ProtocolError(source, path, problem);
  };
  const object = (v: unknown, path: string): Json => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : fail(path, 'must be an object'));
  const array = (v: unknown, path: string): unknown[] => (Array.isArray(v) ? v : fail(path, 'must be a list'));
  const text = (v: unknown, path: string): string => (typeof v === 'string' && v.length > 0 ? v : fail(path, 'must be a non-empty string'));
  const count = (v: unknown, path: string, min = 0): number => (typeof v === 'number' && Number.isInteger(v) && v >= min ? v : fail(path, `must be an integer ≥ ${min}`));
  const oneOf = (v: unknown, allowed: string[], path: string): string => (typeof v === 'string' && allowed.includes(v) ? v : fail(path, `must be one of ${allowed.join(', ')} (got ${JSON.stringify(v)})`));

  const rule = (v: unknown, path: string, attributes: string[]): void => {
    const r = object(v, path);
    oneOf(r.attribute, attributes, `${path}.attribute`);
    const op = oneOf(r.op, OPS, `${path}.op`);
    const x = r.value;
    if (op === 'range' && !(Array.isArray(x) && x.length === 2 && x.every((n) => typeof n === 'number') && (x[0] as number) <= (x[1] as number))) fail(`${path}.value`, 'a range is [min, max]');
    if (op === 'oneOf' && !(Array.isArray(x) && x.length > 0 && x.every((s) => typeof s === 'string'))) fail(`${path}.value`, 'oneOf needs a list of strings');
    if ((op === 'equals' || op === 'contains') && typeof x !== 'string' && typeof x !== 'number') fail(`${path}.value`, `${op} needs a string or number`);
    if (op === 'matches') {
      if (typeof x !== 'string') fail(`${path}.value`, 'matches needs a regular expression string');
      try {
        new RegExp(x as string, 'i');
      } catch (error) {
        fail(`${path}.value`, `not a valid regular expression (${(error as Error).message})`);
      }
    }
    if (r.weight !== undefined && typeof r.weight !== 'number') fail(`${path}.weight`, 'must be a number');
    if (r.required !== undefined && typeof r.required !== 'boolean') fail(`${path}.required`, 'must be true or false');
  };

  const p = object(value, '(protocol)');
  if (p.schemaVersion !== PROTOCOL_SCHEMA_VERSION) fail('schemaVersion', `must be ${PROTOCOL_SCHEMA_VERSION} (this Lightbox reads version ${PROTOCOL_SCHEMA_VERSION})`);
  text(p.id, 'id');
  text(p.name, 'name');
  array(p.match, 'match').forEach((r, i) => rule(r, `match[${i}]`, STUDY_ATTRIBUTES));
  if (!p.isDefault && (p.match as unknown[]).length === 0) fail('match', 'needs at least one rule (or isDefault: true)');
  if (p.minScore !== undefined && typeof p.minScore !== 'number') fail('minScore', 'must be a number');
  if (p.priors !== undefined) {
    const pr = object(p.priors, 'priors');
    count(pr.count, 'priors.count');
    if (pr.maxAgeDays !== undefined) count(pr.maxAgeDays, 'priors.maxAgeDays', 1);
  }
  const sets = new Set<string>();
  array(p.displaySets, 'displaySets').forEach((v, i) => {
    const d = object(v, `displaySets[${i}]`);
    const id = text(d.id, `displaySets[${i}].id`);
    if (sets.has(id)) fail(`displaySets[${i}].id`, `"${id}" is used twice`);
    sets.add(id);
    const study = text(d.study, `displaySets[${i}].study`);
    if (!/^(current|prior|prior-[1-9]\d*)$/.test(study)) fail(`displaySets[${i}].study`, 'must be current, prior or prior-N');
    array(d.rules, `displaySets[${i}].rules`).forEach((r, k) => rule(r, `displaySets[${i}].rules[${k}]`, SERIES_ATTRIBUTES));
    if (d.nth !== undefined) count(d.nth, `displaySets[${i}].nth`, 1);
  });
  const fusion = (v: unknown, path: string): void => {
    const f = object(v, path);
    const ds = text(f.displaySet, `${path}.displaySet`);
    if (!sets.has(ds)) fail(`${path}.displaySet`, `no display set "${ds}" (have ${[...sets].join(', ')})`);
    if (f.colorMap !== undefined) oneOf(f.colorMap, FUSION_COLOR_MAPS, `${path}.colorMap`);
    if (f.opacity !== undefined && !(typeof f.opacity === 'number' && f.opacity >= 0 && f.opacity <= 1)) fail(`${path}.opacity`, 'must be a number from 0 to 1');
    const w = f.window;
    if (w !== undefined && !(Array.isArray(w) && w.length === 2 && w.every((n) => typeof n === 'number' && Number.isFinite(n)) && (w[0] as number) < (w[1] as number))) fail(`${path}.window`, 'a window is [min, max] with min < max');
    if (f.alone !== undefined && typeof f.alone !== 'boolean') fail(`${path}.alone`, 'must be true or false');
  };
  const groups = new Set<string>();
  if (p.syncGroups !== undefined) {
    array(p.syncGroups, 'syncGroups').forEach((v, i) => {
      const g = object(v, `syncGroups[${i}]`);
      groups.add(text(g.id, `syncGroups[${i}].id`));
      array(g.kinds, `syncGroups[${i}].kinds`).forEach((k, j) => oneOf(k, SYNC_KINDS, `syncGroups[${i}].kinds[${j}]`));
    });
  }
  const stages = array(p.stages, 'stages');
  if (stages.length === 0) fail('stages', 'needs at least one stage');
  stages.forEach((v, s) => {
    const st = object(v, `stages[${s}]`);
    text(st.name, `stages[${s}].name`);
    const displays = array(st.displays, `stages[${s}].displays`);
    if (displays.length === 0) fail(`stages[${s}].displays`, 'needs at least one display');
    displays.forEach((dv, d) => {
      const at = `stages[${s}].displays[${d}]`;
      const display = object(dv, at);
      const layout = object(display.layout, `${at}.layout`);
      const kind = oneOf(layout.kind, ['grid', 'free'], `${at}.layout.kind`);
      const capacity =
        kind === 'grid'
          ? count(layout.rows, `${at}.layout.rows`, 1) * count(layout.columns, `${at}.layout.columns`, 1)
          : array(layout.rects, `${at}.layout.rects`).map((r, k) => {
              if (!(Array.isArray(r) && r.length === 4 && r.every((n) => typeof n === 'number' && n >= 0 && n <= 1))) fail(`${at}.layout.rects[${k}]`, 'a rectangle is [x, y, width, height] in 0–1 of the display');
              return r;
            }).length;
      const viewports = array(display.viewports, `${at}.viewports`);
      if (viewports.length > capacity) fail(`${at}.viewports`, `${viewports.length} viewports do not fit a layout of ${capacity}`);
      viewports.forEach((vv, k) => {
        const vp = object(vv, `${at}.viewports[${k}]`);
        const ds = text(vp.displaySet, `${at}.viewports[${k}].displaySet`);
        if (!sets.has(ds)) fail(`${at}.viewports[${k}].displaySet`, `no display set "${ds}" (have ${[...sets].join(', ')})`);
        if (vp.type !== undefined) oneOf(vp.type, VIEWPORT_TYPES, `${at}.viewports[${k}].type`);
        if (vp.fusion !== undefined) fusion(vp.fusion, `${at}.viewports[${k}].fusion`);
        if (vp.sync !== undefined) array(vp.sync, `${at}.viewports[${k}].sync`).forEach((g, j) => (groups.has(g as string) ? undefined : fail(`${at}.viewports[${k}].sync[${j}]`, `no sync group "${String(g)}"`)));
      });
    });
  });
  return value as HangingProtocol;
}
