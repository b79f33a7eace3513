import macro from '@kitware/vtk.js/macros';
import vtkColorTransferFunction from '@kitware/vtk.js/Rendering/Core/ColorTransferFunction';

/**
 * A vtk.js colour function that hands the image mapper a ready table. vtk.js asks its colour
 * function for a table of the colour texture's width over the function's range; built from nodes
 * (`buildFunctionFromTable`), a 16-bit display table means tens of thousands of nodes serialised
 * twice, sorted and interpolated back into the same table — ~80 ms per viewport as a study opens.
 * Here the table is given as it is (resampled only if vtk asks for another size or range).
 */
export class TableColorFunction {
  readonly vtk: vtkColorTransferFunction;
  private first = 0;
  private last = 1;
  private rgb: Float32Array = new Float32Array([0, 0, 0, 1, 1, 1]);

  constructor() {
    // vtk.js objects are frozen: the two methods are replaced the vtk.js way, in a subclass.
    const extend = (publicAPI: Record<string, unknown>, model: object, initialValues?: object): void => {
      vtkColorTransferFunction.extend(publicAPI, model, initialValues);
      publicAPI.getRange = () => [this.first, this.last];
      publicAPI.getTable = (xStart: number, xEnd: number, size: number, table: Float32Array | number[]) => this.fill(xStart, xEnd, size, table);
    };
    this.vtk = (macro.newInstance(extend as never, 'vtkTableColorFunction') as () => vtkColorTransferFunction)();
  }

  /** RGB in 0–1 for stored values first…last, evenly spaced. */
  set(first: number, last: number, rgb: Float32Array): void {
    this.first = first;
    this.last = last;
    this.rgb = rgb;
    this.vtk.modified();
  }

  private fill(xStart: number, xEnd: number, size: number, table: Float32Array | number[]): Float32Array | number[] {
    const n = this.rgb.length / 3;
    if (size === n && xStart === this.first && xEnd === this.last && table instanceof Float32Array) {
      table.set(this.rgb.subarray(0, size * 3));
      return table;
    }
    // Another size or range: nearest entry of ours for each asked value.
    const span = this.last - this.first || 1;
    for (let i = 0; i < size; i++) {
      const x = size > 1 ? xStart + ((xEnd - xStart) * i) / (size - 1) : xStart;
      const k = Math.min(n - 1, Math.max(0, Math.round(((x - this.first) / span) * (n - 1))));
      table[i * 3] = this.rgb[k * 3]!;
      table[i * 3 + 1] = this.rgb[k * 3 + 1]!;
      table[i * 3 + 2] = this.rgb[k * 3 + 2]!;
    }
    return table;
  }
}
