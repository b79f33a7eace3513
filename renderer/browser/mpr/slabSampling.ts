import macro from '@kitware/vtk.js/macros';
import { extend as extendOpenGLReslice } from '@kitware/vtk.js/Rendering/OpenGL/ImageResliceMapper';
import { registerOverride } from '@kitware/vtk.js/Rendering/OpenGL/ViewNodeFactory';

/**
 * vtk.js 37's slab loop steps `numSlices` twice per iteration (once per side) but also uses it as
 * the distance multiplier, so its samples run past the slab (a 20 mm MIP of 5 mm slices took in a
 * sixth and seventh slice), and a slab whose half thickness is a whole number of steps never samples
 * its boundary. A diagnostic slab must cover exactly its thickness: the step index is counted on
 * its own, and the boundary is sampled when reached exactly. Throws if vtk.js's shader changed, so
 * an upgrade cannot silently drop the fix.
 */
export function fixSlabSampling(fragment: string): string {
  if (!fragment.includes('while (distTraveled < slabThickness * 0.5)')) return fragment; // no slab in this program
  const steps: Array<[RegExp, string]> = [
    [/while \(distTraveled < slabThickness \* 0\.5\)/, 'int slabStep = 0;\nwhile (distTraveled < slabThickness * 0.5)'],
    [/float fnumSlices = float\(numSlices\);/, 'slabStep += 1;\n  float fnumSlices = float(slabStep);'],
    [/if \(distTraveled > slabThickness \* 0\.5\)/, 'if (distTraveled >= slabThickness * 0.5)'],
  ];
  let out = fragment;
  for (const [pattern, replacement] of steps) {
    if (!pattern.test(out)) throw new Error(`vtk.js slab shader changed: ${pattern} not found (see slabSampling.ts)`);
    out = out.replace(pattern, replacement);
  }
  return out;
}

type ShaderSet = { Fragment: string };

function extend(publicAPI: object, model: object, initialValues: object = {}): void {
  const api = publicAPI as Record<string, unknown>;
  extendOpenGLReslice(api, model as Record<string, unknown>, initialValues as Record<string, unknown>);
  const replace = api.replaceShaderValues as (shaders: ShaderSet, ...rest: unknown[]) => void;
  api.replaceShaderValues = (shaders: ShaderSet, ...rest: unknown[]) => {
    replace(shaders, ...rest);
    shaders.Fragment = fixSlabSampling(shaders.Fragment);
  };
}

// Every reslice mapper drawn with OpenGL gets the corrected slab loop.
registerOverride('vtkImageResliceMapper', macro.newInstance(extend, 'vtkOpenGLImageResliceMapper'));
