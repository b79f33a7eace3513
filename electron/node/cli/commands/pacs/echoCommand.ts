import { parseArgs } from 'node:util';
import { echo } from '../../../dimse/dimseScu';
import { dicomWebClientFor } from '../../../pacs/dicomWebNode';
import { describeNode, dimsePeer, resolveNode } from '../../../pacs/pacsSettings';
import { CliUsageError, type CliCommand } from '../../cliTypes';
import { PACS_OPTIONS, pacsSettingsFor } from './pacsOptions';

export const echoCommand: CliCommand = {
  name: 'echo',
  summary: 'verify a node answers (C-ECHO, or a QIDO request for DICOMweb)',
  usage: 'lightbox echo NODE [--aet AE]',
  async run(ctx) {
    const { values, positionals } = parseArgs({ args: ctx.args, options: PACS_OPTIONS, allowPositionals: true, strict: true });
    if (!positionals[0]) throw new CliUsageError('give a NODE (a configured name, AET@HOST:PORT, or a DICOMweb URL)');
    const settings = pacsSettingsFor(ctx, values);
    const node = resolveNode(positionals[0], settings);
    const ms = node.kind === 'dimse' ? await echo(dimsePeer(node), settings.aeTitle) : await dicomWebClientFor(node).ping();
    ctx.stdout.write(`${node.name}: ${describeNode(node)} answered in ${ms.toFixed(0)} ms\n`);
    return 0;
  },
};
