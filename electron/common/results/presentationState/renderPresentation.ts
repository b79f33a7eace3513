import { sampleRange } from '../../dicom/display/grayscaleLut';
import { displayedGeometry, type DisplayedGeometry } from './displayedGeometry';
import { presentationPipeline, pValueTo8Bit, type PipelineImage } from './presentationPipeline';
import type { ImagePresentation } from './presentationStateModel';
import { shutterTest } from './shutterMask';

/** One grayscale frame: stored values (sign-extended, high bits dropped: `storedValues`), rows top to bottom. */
export interface GrayscaleFrame extends PipelineImage {
  columns: number;
  rows: number;
  samples: ArrayLike<number>;
}

/** The displayed area of a frame as the presentation shows it: 8-bit gray, one pixel per image pixel. */
export interface RenderedPresentation {
  width: number;
  height: number;
  pixels: Uint8Array;
  /** Where the area lies and how image PIXEL coordinates map onto `pixels` (for the annotations). */
  geometry: DisplayedGeometry;
}

/** The 8-bit level of a Shutter Presentation Value (a 16-bit P-value). */
export function shutterLevel(presentationValue: number): number {
  return Math.round((Math.min(0xffff, Math.max(0, presentationValue)) * 255) / 0xffff);
}

/**
 * Renders a frame through a presentation state (PS3.4 N.2): Modality LUT → Softcopy VOI LUT →
 * Presentation LUT → display shutters → displayed area, rotation and flip. Pixels the shutters
 * close, and parts of the displayed area beyond the image, show the Shutter Presentation Value.
 * Scaling to the viewport (Presentation Size Mode) is the caller's: the output has one pixel per
 * image pixel. Pure: no DOM, no GPU.
 */
export function renderPresentation(frame: GrayscaleFrame, presentation: ImagePresentation): RenderedPresentation {
  const { columns, rows, samples } = frame;
  if (samples.length < columns * rows) throw new Error(`the frame has ${samples.length} samples, expected ${columns}×${rows}`);
  const pipeline = presentationPipeline(frame, presentation);
  // One table entry per stored value present in the frame (integer samples of up to 16 bits, as
  // GSPS images have); a wider range is mapped value by value.
  const [first, last] = sampleRange(samples);
  const tabled = last - first < 1 << 20 && Number.isInteger(first) && Number.isInteger(last);
  const table = new Uint8Array(tabled ? last - first + 1 : 0);
  if (tabled) for (let v = first; v <= last; v++) table[v - first] = pValueTo8Bit(pipeline(v));
  const level = (v: number): number => (tabled ? table[v - first]! : pValueTo8Bit(pipeline(v)));

  const geometry = displayedGeometry(presentation, columns, rows);
  const { width, height } = geometry;
  const closed = shutterLevel(presentation.shutters.presentationValue);
  const visible = shutterTest(presentation.shutters);
  const pixels = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      // The output pixel's centre, back in the image: centres map onto centres.
      const [cx, cy] = geometry.toImage([x + 0.5, y + 0.5]);
      const c = Math.floor(cx);
      const r = Math.floor(cy);
      const inside = c >= 0 && r >= 0 && c < columns && r < rows && (!visible || visible(c + 1, r + 1));
      pixels[y * width + x] = inside ? level(samples[r * columns + c]!) : closed;
    }
  }
  return { width, height, pixels, geometry };
}
