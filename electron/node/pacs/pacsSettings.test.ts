import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_PACS_SETTINGS, loadPacsSettings, resolveNode, savePacsSettings, settingsFile } from './pacsSettings';
import { dicomWebClientFor } from './dicomWebNode';

const dir = mkdtempSync(path.join(os.tmpdir(), 'lightbox-pacs-settings-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('PACS settings', () => {
  it('resolves a configured name, AET@host:port, [IPv6]:port and a DICOMweb URL; refuses the rest naming the input', () => {
    const settings = { ...DEFAULT_PACS_SETTINGS, nodes: [{ name: 'main', kind: 'dimse' as const, aeTitle: 'PACS', host: 'pacs.local', port: 104 }] };
    expect(resolveNode('main', settings)).toMatchObject({ aeTitle: 'PACS', port: 104 });
    expect(resolveNode('ORTHANC@127.0.0.1:4242', settings)).toMatchObject({ kind: 'dimse', aeTitle: 'ORTHANC', host: '127.0.0.1', port: 4242 });
    expect(resolveNode('WS1@[::1]:11112', settings)).toMatchObject({ host: '::1', port: 11112 });
    expect(resolveNode('https://pacs.example/dicom-web/', settings)).toMatchObject({ kind: 'dicomweb', url: 'https://pacs.example/dicom-web' });
    expect(() => resolveNode('elsewhere', settings)).toThrow(/unknown node "elsewhere" \(configured: main;/);
    expect(() => resolveNode('A_TITLE_MUCH_TOO_LONG@h:1', settings)).toThrow(/"A_TITLE_MUCH_TOO_LONG" is not a valid AE title/);
    expect(() => resolveNode('PACS@h:70000', settings)).toThrow(/70000 is not a TCP port/);
  });

  it('is saved owner-only (it may hold credentials); a damaged file is an error naming it, never replaced by defaults', () => {
    const data = path.join(dir, 'a');
    savePacsSettings(data, { ...DEFAULT_PACS_SETTINGS, aeTitle: 'READING1' });
    expect(statSync(settingsFile(data)).mode & 0o777).toBe(0o600);
    expect(loadPacsSettings(data).aeTitle).toBe('READING1');
    writeFileSync(settingsFile(data), '{ "aeTitle": ');
    expect(() => loadPacsSettings(data)).toThrow(new RegExp(`${settingsFile(data).replace(/[/.]/g, '\\$&')}: not valid JSON`));
  });

  it('reads hand-written plain credentials; one sealed by the desktop app is refused here with what to do', () => {
    const data = path.join(dir, 'b');
    mkdirSync(path.join(data, 'settings'), { recursive: true });
    writeFileSync(
      settingsFile(data),
      JSON.stringify({ nodes: [{ name: 'web', kind: 'dicomweb', url: 'http://x/dicom-web', authorization: 'Bearer abc' }, { name: 'sealed', kind: 'dicomweb', url: 'http://y/dicom-web', authorization: { scheme: 'os', value: 'AAAA' } }] }),
    );
    const settings = loadPacsSettings(data);
    expect(settings.nodes[0]).toMatchObject({ authorization: { scheme: 'plain', value: 'Bearer abc' } });
    expect(settings.prefetch).toMatchObject({ onOpen: true, maxPriors: 2 });
    expect(() => dicomWebClientFor(settings.nodes[1] as Extract<(typeof settings.nodes)[number], { kind: 'dicomweb' }>)).toThrow(/sealed by the desktop app with the OS keychain.*lightbox nodes add/);
  });
});
