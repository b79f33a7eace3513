import type { StoredInstance } from '../cache/cacheIndex';
import type { StudyCache } from '../cache/studyCache';
import { ExportError } from './exportSinks';

/**
 * The cached instances that study, series and SOP Instance UIDs name, each once, grouped by study
 * and series in the order the UIDs were given. Instances hidden by an IOCM rejection note are left
 * out, as every query and retrieve leaves them out. A UID the cache does not hold is refused by name.
 */
export function resolveExportUids(cache: StudyCache, uids: string[]): StoredInstance[] {
  const all = cache.index.allInstances();
  const byStudy = new Map<string, StoredInstance[]>();
  const bySeries = new Map<string, StoredInstance[]>();
  const bySop = new Map<string, StoredInstance>();
  const add = (map: Map<string, StoredInstance[]>, key: string, i: StoredInstance): void => {
    const list = map.get(key);
    if (list) list.push(i);
    else map.set(key, [i]);
  };
  for (const i of all) {
    add(byStudy, i.studyUid, i);
    add(bySeries, i.seriesUid, i);
    bySop.set(i.sopUid, i);
  }
  const chosen = new Map<string, StoredInstance>();
  const unknown: string[] = [];
  for (const uid of uids) {
    const found = byStudy.get(uid) ?? bySeries.get(uid) ?? (bySop.has(uid) ? [bySop.get(uid)!] : undefined);
    if (!found) unknown.push(uid);
    for (const i of found ?? []) chosen.set(i.sopUid, i);
  }
  if (unknown.length) throw new ExportError(`not a study, series or instance of the local cache: ${unknown.join(', ')}`);
  const visible = [...chosen.values()].filter((i) => cache.index.instanceObject(i.studyUid, i.seriesUid, i.sopUid) !== undefined);
  // Grouped by study, then series (first appearance), so that files of a series are written together.
  const order = new Map<string, number>();
  for (const i of visible) for (const key of [i.studyUid, `${i.studyUid}/${i.seriesUid}`]) if (!order.has(key)) order.set(key, order.size);
  return visible
    .map((i, n) => ({ i, n }))
    .sort((a, b) => order.get(a.i.studyUid)! - order.get(b.i.studyUid)! || order.get(`${a.i.studyUid}/${a.i.seriesUid}`)! - order.get(`${b.i.studyUid}/${b.i.seriesUid}`)! || a.n - b.n)
    .map((x) => x.i);
}
