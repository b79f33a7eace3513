import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { ProtocolList } from '../../common/contract/hostContract';
import type { HangingProtocol } from '../../common/hanging/protocolTypes';
import { shippedProtocols } from '../../common/hanging/shippedProtocols';
import { validateProtocol } from '../../common/hanging/validateProtocol';
import { writeFileDurably } from '../cache/durableFile';

/** Protocol ids become file names: letters, digits, dots, dashes and underscores. */
const ID = /^[a-z0-9][a-z0-9._-]{0,99}$/i;

/**
 * The protocols the engine chooses from: the shipped ones and this workstation's own
 * (`<data dir>/protocols/<id>.json`, made in the editor or imported). A user protocol with a
 * shipped protocol's id replaces it (an edited copy). A broken file is reported and skipped —
 * it never stops a study from hanging.
 */
export class ProtocolStore {
  readonly dir: string;

  constructor(dataDir: string) {
    this.dir = path.join(dataDir, 'protocols');
  }

  list(): ProtocolList {
    const problems: string[] = [];
    const user = new Map<string, HangingProtocol>();
    for (const file of existsSync(this.dir) ? readdirSync(this.dir).filter((f) => f.endsWith('.json')).sort() : []) {
      const at = path.join(this.dir, file);
      try {
        const protocol = validateProtocol(JSON.parse(readFileSync(at, 'utf8')), at);
        if (`${protocol.id}.json` !== file) throw new Error(`${at}: its id "${protocol.id}" does not match the file name`);
        user.set(protocol.id, protocol);
      } catch (e) {
        problems.push(e instanceof SyntaxError ? `${at}: not valid JSON: ${e.message}` : e instanceof Error ? e.message : String(e));
      }
    }
    const shipped = shippedProtocols().filter((p) => !user.has(p.id));
    return { protocols: [...[...user.values()].map((protocol) => ({ protocol, source: 'user' as const })), ...shipped.map((protocol) => ({ protocol, source: 'shipped' as const }))], problems };
  }

  /** The protocols to hang with (user ones first: on equal scores they win). */
  protocols(): HangingProtocol[] {
    return this.list().protocols.map((p) => p.protocol);
  }

  /** Validates and stores a user protocol (replacing one with the same id). */
  save(value: unknown, source = 'protocol'): HangingProtocol {
    const protocol = validateProtocol(value, source);
    if (!ID.test(protocol.id)) throw new Error(`${source}: id "${protocol.id}" may hold only letters, digits, ".", "-" and "_"`);
    writeFileDurably(path.join(this.dir, `${protocol.id}.json`), new TextEncoder().encode(`${JSON.stringify(protocol, null, 2)}\n`), path.join(this.dir, '.incoming'));
    return protocol;
  }

  /** Removes a user protocol; false when there is none with that id (shipped ones cannot be removed). */
  remove(id: string): boolean {
    if (!ID.test(id)) return false;
    const file = path.join(this.dir, `${id}.json`);
    if (!existsSync(file)) return false;
    rmSync(file);
    return true;
  }
}
