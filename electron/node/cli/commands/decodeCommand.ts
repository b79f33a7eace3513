import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { decodeFileFrame, samplesAsLittleEndianBytes } from '../../imaging/decodeFileFrame';
import { CliUsageError, type CliCommand } from '../cliTypes';

export const decodeCommand: CliCommand = {
  name: 'decode',
  summary: 'decode one frame to raw little-endian samples (as dcmdjpls/dcmdjpeg/dcmdrle/gdcmconv --raw produce)',
  usage: 'lightbox decode FILE [--frame N] --out RAWFILE',
  async run(ctx) {
    const { values, positionals } = parseArgs({
      args: ctx.args,
      options: { frame: { type: 'string', default: '1' }, out: { type: 'string' } },
      allowPositionals: true,
      strict: true,
    });
    if (positionals.length !== 1) throw new CliUsageError('give exactly one FILE');
    if (!values.out) throw new CliUsageError('--out RAWFILE is required');
    const frame = Number(values.frame);
    if (!Number.isInteger(frame) || frame < 1) throw new CliUsageError('--frame must be a whole number ≥ 1');
    const decoded = await decodeFileFrame(positionals[0]!, frame);
    await writeFile(values.out, samplesAsLittleEndianBytes(decoded.pixels));
    ctx.stdout.write(
      `frame ${frame}/${decoded.frames}: ${decoded.pixels.length} samples (${decoded.pixels.constructor.name}), ${decoded.photometricInterpretation}, ${decoded.backend}, ${decoded.decodeMs.toFixed(1)} ms → ${values.out}\n`,
    );
    return 0;
  },
};
