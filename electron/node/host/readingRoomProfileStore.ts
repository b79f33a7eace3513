import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { DisplayInfo } from '../../common/contract/hostContract';
import { displayKey, displayRoles, type ReadingRoomProfile } from '../../common/hanging/displayPlanner';
import { writeFileDurably } from '../cache/durableFile';
import type { DisplayService } from './displayService';

/**
 * The reading room's profile (which display plays which role), kept in `<data dir>/reading-room.json`
 * by display id and geometry: the same monitor keeps its role across restarts; another monitor
 * on the same port, or the same one moved, starts from the default numbering.
 */
export class ReadingRoomProfileStore {
  readonly file: string;
  /** Read once: every display listing (each study open) asks; only this store writes it. */
  private cached?: ReadingRoomProfile;

  constructor(dataDir: string) {
    this.file = path.join(dataDir, 'reading-room.json');
  }

  load(): ReadingRoomProfile {
    this.cached ??= this.read();
    return { roles: { ...this.cached.roles } };
  }

  private read(): ReadingRoomProfile {
    if (!existsSync(this.file)) return { roles: {} };
    try {
      const value = JSON.parse(readFileSync(this.file, 'utf8')) as { roles?: unknown };
      const roles = typeof value.roles === 'object' && value.roles !== null ? Object.entries(value.roles).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1].length > 0) : [];
      return { roles: Object.fromEntries(roles) };
    } catch {
      return { roles: {} }; // unreadable: the default numbering, and the next change rewrites it
    }
  }

  /** Sets roles for displays present now (by id); other displays' remembered roles are kept. */
  setRoles(displays: DisplayInfo[], roles: Record<string, string>): ReadingRoomProfile {
    const profile = this.load();
    for (const [id, role] of Object.entries(roles)) {
      const display = displays.find((d) => d.id === id);
      if (!display) throw new Error(`no display ${id} (displays: ${displays.map((d) => d.id).join(', ')})`);
      if (!/^[a-z][a-z0-9-]{0,31}$/.test(role)) throw new Error(`role "${role}" must be lower-case letters, digits and dashes (diagnostic, diagnostic-2, worklist, color …)`);
      // A role belongs to one display: whoever had it gives it up.
      for (const [key, r] of Object.entries(profile.roles)) if (r === role) delete profile.roles[key];
      profile.roles[displayKey(display)] = role;
    }
    writeFileDurably(this.file, new TextEncoder().encode(`${JSON.stringify(profile, null, 2)}\n`), path.dirname(this.file));
    this.cached = profile;
    return profile;
  }
}

/** The displays with the role each plays in this reading room. */
export function withReadingRoomRoles(service: DisplayService, store: ReadingRoomProfileStore): DisplayService {
  return {
    listDisplays: () => {
      const displays = service.listDisplays();
      const roles = displayRoles(displays, store.load());
      return displays.map((d) => ({ ...d, role: roles.get(d.id) }));
    },
  };
}
