import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ProtocolStore } from '../../hanging/protocolStore';
import { readHangingProtocolFile } from '../../hanging/readHangingProtocolFile';
import { CliUsageError, type CliCommand } from '../cliTypes';

export const protocolsCommand: CliCommand = {
  name: 'protocols',
  summary: 'hanging protocols: list, show, import (Lightbox JSON or a DICOM Hanging Protocol instance), export, remove',
  usage: 'lightbox protocols ls [--json] | show ID | import FILE [--as ID] | export ID [--out FILE] | rm ID',
  async run(ctx) {
    const { values, positionals } = parseArgs({ args: ctx.args, options: { json: { type: 'boolean', default: false }, as: { type: 'string' }, out: { type: 'string' } }, allowPositionals: true, strict: true });
    const [action, argument] = positionals;
    if (!['ls', 'show', 'import', 'export', 'rm'].includes(action ?? '')) throw new CliUsageError('give ls, show, import, export or rm');
    if (action !== 'ls' && !argument) throw new CliUsageError(`${action} needs ${action === 'import' ? 'a FILE' : 'a protocol ID'}`);
    const store = new ProtocolStore(ctx.dataDir);
    const list = store.list();
    for (const p of list.problems) ctx.stderr.write(`warning: ${p} (skipped)\n`);
    const find = (id: string) => list.protocols.find((p) => p.protocol.id === id) ?? Promise.reject(new Error(`no protocol ${id} (lightbox protocols ls lists them)`));
    switch (action) {
      case 'ls':
        if (values.json) ctx.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
        else for (const { protocol, source } of list.protocols) ctx.stdout.write(`${protocol.id.padEnd(28)} ${source.padEnd(8)} ${protocol.name}\n`);
        return 0;
      case 'show':
      case 'export': {
        const json = `${JSON.stringify((await find(argument!)).protocol, null, 2)}\n`;
        if (values.out) {
          writeFileSync(values.out, json);
          ctx.stdout.write(`wrote ${values.out}\n`);
        } else ctx.stdout.write(json);
        return 0;
      }
      case 'import': {
        const { protocol, notes } = readHangingProtocolFile(argument!);
        const saved = store.save(values.as ? { ...protocol, id: values.as } : protocol, argument!);
        ctx.stdout.write(`imported ${saved.id}: ${saved.name} (${saved.stages.length} stage(s), ${saved.displaySets.length} display set(s))\n`);
        for (const n of notes) ctx.stdout.write(`  not carried over: ${n}\n`);
        return 0;
      }
      default:
        if (!store.remove(argument!)) throw new Error(list.protocols.some((p) => p.protocol.id === argument && p.source === 'shipped') ? `${argument} is a shipped protocol: it cannot be removed` : `no user protocol ${argument}`);
        ctx.stdout.write(`removed ${argument}\n`);
        return 0;
    }
  },
};
