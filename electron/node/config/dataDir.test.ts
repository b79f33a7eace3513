import { describe, expect, it } from 'vitest';
import { resolveDataDir } from './dataDir';

describe('resolveDataDir', () => {
  it('prefers --data-dir, then LIGHTBOX_DATA_DIR', () => {
    expect(resolveDataDir({ flag: '/tmp/a', env: { LIGHTBOX_DATA_DIR: '/tmp/b' } })).toBe('/tmp/a');
    expect(resolveDataDir({ env: { LIGHTBOX_DATA_DIR: '/tmp/b' } })).toBe('/tmp/b');
  });
  it("matches Electron's userData folder per OS", () => {
    expect(resolveDataDir({ env: {}, platform: 'linux', homeDir: '/home/u' })).toBe('/home/u/.config/Lightbox');
    expect(resolveDataDir({ env: { XDG_CONFIG_HOME: '/x' }, platform: 'linux', homeDir: '/home/u' })).toBe('/x/Lightbox');
    expect(resolveDataDir({ env: {}, platform: 'darwin', homeDir: '/Users/u' })).toBe('/Users/u/Library/Application Support/Lightbox');
    expect(resolveDataDir({ env: { APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, platform: 'win32', homeDir: 'C:\\Users\\u' })).toBe(
      'C:\\Users\\u\\AppData\\Roaming\\Lightbox',
    );
  });
});
