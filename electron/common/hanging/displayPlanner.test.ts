import { describe, expect, it } from 'vitest';
import type { DisplayInfo } from '../contract/hostContract';
import { displayKey, displayRoles, planDisplays } from './displayPlanner';

// A reading room: two portrait diagnostic monitors and a landscape colour monitor for the worklist.

const display = (id: string, x: number, width: number, height: number, primary = false): DisplayInfo => ({ id, label: id, bounds: { x, y: 0, width, height }, scaleFactor: 1, primary });
const left = display('11', 0, 2048, 2560);
const right = display('12', 2048, 2048, 2560);
const color = display('13', 4096, 1920, 1080, true);
const profile = { roles: { [displayKey(color)]: 'worklist' } };
const ctChest = [{ role: 'diagnostic' }, { role: 'diagnostic-2' }];

describe('display planner', () => {
  it('numbers diagnostic displays left to right, keeps the roles the profile gives', () => {
    expect([...displayRoles([color, right, left], profile)]).toEqual([
      ['13', 'worklist'],
      ['11', 'diagnostic'],
      ['12', 'diagnostic-2'],
    ]);
  });

  it('places each layout on the display playing its role, never on the worklist monitor', () => {
    const plan = planDisplays(ctChest, [left, right, color], profile);
    expect([...plan.placements]).toEqual([
      [0, '11'],
      [1, '12'],
    ]);
    // The radiologist swapped the monitors' roles: the layouts follow.
    const swapped = planDisplays(ctChest, [left, right, color], { roles: { ...profile.roles, [displayKey(left)]: 'diagnostic-2', [displayKey(right)]: 'diagnostic' } });
    expect([...swapped.placements]).toEqual([
      [0, '12'],
      [1, '11'],
    ]);
  });

  it('a layout without a role takes the largest free diagnostic display', () => {
    const plan = planDisplays([{ role: 'diagnostic' }, {}], [left, display('14', 2048, 1280, 1024), right, color], profile);
    expect(plan.placements.get(1)).toBe('12');
  });

  it('re-plans when a display goes and comes back: each layout returns to the display it had', () => {
    const before = planDisplays(ctChest, [left, right, color], profile);
    const without = planDisplays(ctChest, [left, color], profile);
    expect([...without.placements]).toEqual([[0, '11']]);
    expect(without.unplaced).toEqual([1]);
    const back = planDisplays(ctChest, [left, right, color], profile);
    expect([...back.placements]).toEqual([...before.placements]);
    // A different monitor on the same connector (other geometry) is not the remembered worklist display.
    const replaced = display('13', 4096, 2048, 2560);
    expect(displayRoles([left, right, replaced], profile).get('13')).toBe('diagnostic-3');
  });
});
