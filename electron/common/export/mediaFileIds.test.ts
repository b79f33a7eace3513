import { describe, expect, it } from 'vitest';
import { MediaFileIds, fileIdComponent, fileIdProblem } from './mediaFileIds';

describe('PS3.10 File IDs for media', () => {
  it('fills 8 characters: decimal while it fits, then base 36', () => {
    expect(fileIdComponent('IMG', 7)).toBe('IMG00007');
    expect(fileIdComponent('IMG', 99999)).toBe('IMG99999');
    expect(fileIdComponent('IMG', 100000)).toBe('IMG0255S');
    expect(() => fileIdComponent('IMG', 36 ** 5)).toThrow(/more than/);
    expect(() => fileIdComponent('IMG', 0)).toThrow();
  });

  it('one folder per patient, study and series; every ID valid', () => {
    const ids = new MediaFileIds();
    const a = ids.next('id:P1', 'S1', 'SE1');
    const b = ids.next('id:P1', 'S1', 'SE1');
    const c = ids.next('id:P1', 'S1', 'SE2');
    const d = ids.next('id:P2', 'S9', 'SE9');
    expect([a, b, c, d].map((x) => x.join('/'))).toEqual([
      'DICOM/PAT00001/STU00001/SER00001/IMG00001',
      'DICOM/PAT00001/STU00001/SER00001/IMG00002',
      'DICOM/PAT00001/STU00001/SER00002/IMG00001',
      'DICOM/PAT00002/STU00001/SER00001/IMG00001',
    ]);
    for (const id of [a, b, c, d]) expect(fileIdProblem(id)).toBeUndefined();
    expect(fileIdProblem(['DICOM', 'img.dcm'])).toMatch(/not 1–8 characters/);
    expect(fileIdProblem(Array(9).fill('A'))).toMatch(/9 components/);
  });
});
