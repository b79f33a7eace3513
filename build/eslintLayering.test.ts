import { mkdir, rename, rm, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// Feeds deliberately bad files to the project's real ESLint config: the architecture rules must fire.
const root = path.resolve(import.meta.dirname, '..');
const eslint = new ESLint({ cwd: root });

async function ruleMessages(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, filePath) });
  return result!.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe('lint enforces the architecture', () => {
  it('catches an electron import outside the thin Electron layer', async () => {
    const messages = await ruleMessages('electron/node/host/importsElectron.ts', "import { app } from 'electron';\nexport const a = app;\n");
    expect(messages).toEqual([expect.stringMatching(/^no-restricted-imports: .*Only electron\/electron-main and electron\/electron-preload/)]);
    expect(await ruleMessages('renderer/browser/x.ts', "import { ipcRenderer } from 'electron';\nexport const a = ipcRenderer;\n")).toHaveLength(1);
  });

  it('allows electron in main and preload', async () => {
    const code = "import { app } from 'electron';\nexport const a = app;\n";
    expect(await ruleMessages('electron/electron-main/x.ts', code)).toEqual([]);
    expect(await ruleMessages('electron/electron-preload/x.ts', code)).toEqual([]);
  });

  it('keeps common/ free of Node and of other layers', async () => {
    const messages = await ruleMessages(
      'electron/common/x.ts',
      "import fs from 'node:fs';\nimport { createHost } from '../node/host/createHost';\nexport const a = [fs, createHost];\n",
    );
    expect(messages).toEqual([expect.stringContaining('no Node built-ins'), expect.stringContaining('common/ may import only common/')]);
  });

  it('keeps the renderer off host internals', async () => {
    const messages = await ruleMessages('renderer/browser/x.ts', "import { createHost } from '../../electron/node/host/createHost';\nexport const a = createHost;\n");
    expect(messages).toEqual([expect.stringContaining('talk to the host through the contract')]);
  });

  it('keeps native-codecs/ below everything: no file reading through the DICOM core, no contract, no test support', async () => {
    const node = await ruleMessages('native-codecs/node/x.ts', "import { readDicomFileSync } from '../../electron/node/dicom/readDicomFile';\nexport const a = readDicomFileSync;\n");
    expect(node).toEqual([expect.stringContaining('native-codecs/ depends on nothing above it')]);
    const common = await ruleMessages('native-codecs/common/x.ts', "import { readFileSync } from 'node:fs';\nimport { Tag } from '../../electron/common/dicom/model/dicomJsonAccess';\nexport const a = [readFileSync, Tag];\n");
    expect(common).toEqual([expect.stringContaining('no Node built-ins'), expect.stringContaining('native-codecs/ depends on nothing above it')]);
    expect(await ruleMessages('native-codecs/node/y.ts', "import { decodeFrame } from './decodeFrame';\nexport const a = decodeFrame;\n")).toEqual([]);
  });

  it('keeps test support out of the product, and lets tests use it', async () => {
    const code = (from: string): string => `import { samplePath } from '${from}';\nexport const a = samplePath;\n`;
    expect(await ruleMessages('electron/node/cache/x.ts', code('../../../testing/node/sharedSamples'))).toEqual([expect.stringContaining('testing/ is test support')]);
    expect(await ruleMessages('electron/node/cache/x.test.ts', code('../../../testing/node/sharedSamples'))).toEqual([]);
  });

  it('forbids import cycles', async () => {
    const dir = path.join(root, 'electron', 'common', `__cycle_fixture_${process.pid}`);
    // The files must sit among the sources to be linted as product code, but bin/lightbox.js rebuilds
    // the CLI when any source is newer than its bundle: a `lightbox` started by a test running beside
    // this one would rebuild, and swap out/node under the other CLI processes running then (a
    // concurrent-import test failed that way). So the fixture is written elsewhere, dated 1970, and
    // moved in whole: it never counts as a newer source.
    const staging = path.join(root, `.lint-fixture-${process.pid}`);
    await mkdir(staging, { recursive: true });
    try {
      await writeFile(path.join(staging, 'a.ts'), "import { b } from './b';\nexport const a = () => b;\n");
      await writeFile(path.join(staging, 'b.ts'), "import { a } from './a';\nexport const b = () => a;\n");
      for (const f of ['a.ts', 'b.ts']) await utimes(path.join(staging, f), 0, 0);
      await rename(staging, dir);
      const [result] = await eslint.lintFiles([path.join(dir, 'a.ts')]);
      expect(result!.messages.map((m) => m.ruleId)).toContain('import-x/no-cycle');
    } finally {
      await rm(dir, { recursive: true, force: true });
      await rm(staging, { recursive: true, force: true });
    }
  });
});
