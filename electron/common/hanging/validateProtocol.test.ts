import { describe, expect, it } from 'vitest';
import { shippedProtocols } from './shippedProtocols';
import { validateProtocol } from './validateProtocol';

// Protocols are data: a broken one is refused at load with the file and the path of the bad field.

const good = () => structuredClone(shippedProtocols().find((p) => p.id === 'ct-chest')!) as unknown as Record<string, unknown> & { displaySets: Record<string, unknown>[]; stages: { displays: { viewports: Record<string, unknown>[]; layout: Record<string, unknown> }[] }[] };

describe('validateProtocol', () => {
  it('accepts every shipped protocol', () => {
    expect(shippedProtocols().map((p) => p.id)).toEqual(['ct-chest', 'ct-abdomen-pelvis', 'ct-head', 'cta', 'mr-brain', 'mr-spine', 'cr-chest', 'mammography', 'pet-ct', 'default']);
  });

  it('names the file and the field of each kind of mistake', () => {
    const cases: [(p: ReturnType<typeof good>) => void, RegExp][] = [
      [(p) => (p.schemaVersion = 2), /^mine\.json: schemaVersion: must be 1/],
      [(p) => ((p.match as Record<string, unknown>[])[0]!.op = 'like'), /match\[0\]\.op: must be one of equals, contains/],
      [(p) => ((p.match as Record<string, unknown>[])[1]!.value = 'chest(('), /match\[1\]\.value: not a valid regular expression/],
      [(p) => (p.displaySets[1]!.id = 'axial-soft'), /displaySets\[1\]\.id: "axial-soft" is used twice/],
      [(p) => (p.displaySets[0]!.study = 'yesterday'), /displaySets\[0\]\.study: must be current, prior or prior-N/],
      [(p) => (p.stages[0]!.displays[0]!.viewports[0]!.displaySet = 'axial'), /stages\[0\]\.displays\[0\]\.viewports\[0\]\.displaySet: no display set "axial"/],
      [(p) => (p.stages[0]!.displays[0]!.layout = { kind: 'grid', rows: 1, columns: 2 }), /stages\[0\]\.displays\[0\]\.viewports: 3 viewports do not fit a layout of 2/],
      [(p) => (p.stages[0]!.displays[0]!.viewports[0]!.sync = ['nowhere']), /viewports\[0\]\.sync\[0\]: no sync group "nowhere"/],
      [(p) => ((p.match as Record<string, unknown>[])[2]!.value = [3, 1]), /match\[2\]\.value: oneOf needs a list of strings/],
      [(p) => (p.stages[0]!.displays[0]!.viewports[0]!.fusion = { displaySet: 'pet' }), /viewports\[0\]\.fusion\.displaySet: no display set "pet"/],
      [(p) => (p.stages[0]!.displays[0]!.viewports[0]!.fusion = { displaySet: 'coronal', colorMap: 'rainbow' }), /viewports\[0\]\.fusion\.colorMap: must be one of hotIron, pet, greyInverted/],
      [(p) => (p.stages[0]!.displays[0]!.viewports[0]!.fusion = { displaySet: 'coronal', opacity: 50 }), /viewports\[0\]\.fusion\.opacity: must be a number from 0 to 1/],
      [(p) => (p.stages[0]!.displays[0]!.viewports[0]!.fusion = { displaySet: 'coronal', window: [5, 0] }), /viewports\[0\]\.fusion\.window: a window is \[min, max\]/],
      [(p) => (p.displaySets[0]!.rules = [{ attribute: 'attenuation', op: 'present' }]), /displaySets\[0\]\.rules\[0\]\.attribute: must be one of .*attenuationCorrected/],
    ];
    for (const [breakIt, message] of cases) {
      const p = good();
      breakIt(p);
      expect(() => validateProtocol(p, 'mine.json')).toThrow(message);
    }
  });
});
