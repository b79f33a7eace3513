import os from 'node:os';
import path from 'node:path';

/** Electron's app name; `app.getPath('userData')` is `<appData>/Lightbox`, and so is ours. */
export const APP_DIR_NAME = 'Lightbox';

export interface DataDirInputs {
  flag?: string;
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  homeDir?: string;
}

/**
 * The per-user data folder shared by the desktop app and the CLI: `--data-dir`, else
 * `LIGHTBOX_DATA_DIR`, else the OS application-data folder that Electron uses for `userData`
 * (Linux `$XDG_CONFIG_HOME` or `~/.config`, macOS `~/Library/Application Support`,
 * Windows `%APPDATA%`).
 */
export function resolveDataDir(inputs: DataDirInputs = {}): string {
  const env = inputs.env ?? process.env;
  const explicit = inputs.flag ?? env.LIGHTBOX_DATA_DIR;
  if (explicit) return path.resolve(explicit);
  const platform = inputs.platform ?? process.platform;
  const home = inputs.homeDir ?? os.homedir();
  switch (platform) {
    case 'win32':
      return path.win32.join(env.APPDATA ?? path.win32.join(home, 'AppData', 'Roaming'), APP_DIR_NAME);
    case 'darwin':
      return path.posix.join(home, 'Library', 'Application Support', APP_DIR_NAME);
    default:
      return path.posix.join(env.XDG_CONFIG_HOME || path.posix.join(home, '.config'), APP_DIR_NAME);
  }
}
