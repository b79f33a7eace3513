import { parseArgs } from 'node:util';
import { frameGeometries } from '../../../common/dicom/geometry/frameGeometry';
import { describeVolume } from '../../../common/dicom/geometry/volumeDescription';
import { describePixels } from '../../../common/dicom/model/pixelDescription';
import { formatDicomListing } from '../../dicom/formatDicomListing';
import { readDicomFile } from '../../dicom/readDicomFile';
import { CliUsageError, type CliCommand } from '../cliTypes';

export const dumpCommand: CliCommand = {
  name: 'dump',
  summary: 'print a DICOM file: a readable listing with pixel and geometry description, or --json (DICOM JSON model)',
  usage: 'lightbox dump FILE [--json] [--header-only]',
  async run(ctx) {
    const { values, positionals } = parseArgs({
      args: ctx.args,
      options: { json: { type: 'boolean', default: false }, 'header-only': { type: 'boolean', default: false } },
      allowPositionals: true,
      strict: true,
    });
    if (positionals.length !== 1) throw new CliUsageError('give exactly one FILE');
    // Full parse by default, so that attributes after the pixel data (trailing padding) show too.
    const parsed = await readDicomFile(positionals[0]!, { headerOnly: values['header-only'] });
    for (const w of parsed.warnings) ctx.stderr.write(`lightbox dump: ${parsed.source}: warning: ${w}\n`);
    if (values.json) {
      ctx.stdout.write(`${JSON.stringify(parsed.dataset, null, 2)}\n`);
      return 0;
    }
    const frames = frameGeometries(parsed.dataset);
    const pixels = parsed.pixelData || parsed.dataset['00280010'] ? describePixels(parsed.dataset) : undefined;
    const volume = frames.length > 1 ? describeVolume(frames) : undefined;
    ctx.stdout.write(formatDicomListing(parsed, pixels, frames, volume));
    return 0;
  },
};
