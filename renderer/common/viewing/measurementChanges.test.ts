import { describe, expect, it } from 'vitest';
import type { StoredMeasurement } from '../../../electron/common/contract/hostContract';
import { changesSince, knownFrom, withLocalChanges } from './measurementChanges';

const m = (id: string, x = 0): StoredMeasurement => ({ id, kind: 'length', seriesInstanceUid: '1.2', sopInstanceUid: '1.2.3', frame: 1, points: [[x, 0], [x + 1, 0]] });

describe('a window’s measurement changes', () => {
  it('are what it added, changed and removed since it last heard from the host', () => {
    const known = knownFrom([m('a'), m('b'), m('c')]);
    expect(changesSince(known, [m('a'), m('b', 5), m('d')])).toEqual({ upsert: [m('b', 5), m('d')], remove: ['c'] });
  });

  it('go on top of the host’s newer list without dropping what another window added', () => {
    const host = [m('a'), m('c'), m('x')]; // another window added x
    expect(withLocalChanges(host, { upsert: [m('b', 5), m('d')], remove: ['c'] })).toEqual([m('a'), m('x'), m('b', 5), m('d')]);
  });
});
