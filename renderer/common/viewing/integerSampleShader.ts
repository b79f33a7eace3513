/** Signed (R16I, isampler2D) or unsigned (R16UI, usampler2D) 16-bit integer texture. */
export type IntegerSampling = 'signed' | 'unsigned';

const SAMPLER_DECLARATION = 'uniform sampler2D texture1;';
const INTENSITY_LOOKUP = 'float intensity = texture2D(texture1, tcoordVCVSOutput).r;';
const OPACITY_LOOKUP = 'float scalarOpacity = texture2D(pwfTexture1, vec2(intensity * pwfscale0 + pwfshift0, 0.5)).r;';

/**
 * Rewrites vtk.js's single-channel image fragment shader to read `texture1` as an integer
 * texture: texelFetch of the nearest texel, or of the four around the point blended as
 * GL_LINEAR blends them (texel centres at half-integers, edges clamped), chosen by the
 * `lightboxLinear` uniform. Stack images are opaque, so the scalar-opacity table is not sampled
 * (one texture read less per pixel, which software GL feels). Throws when vtk.js's shader no longer has the lines it replaces, so a
 * vtk.js upgrade cannot silently sample an integer texture as a float one (which reads zeros).
 */
export function integerSampleShader(fragment: string, sampling: IntegerSampling): string {
  for (const anchor of [SAMPLER_DECLARATION, INTENSITY_LOOKUP, OPACITY_LOOKUP]) {
    if (!fragment.includes(anchor)) throw new Error(`vtk.js image fragment shader changed: the integer-texture rewrite found no "${anchor}"`);
  }
  const sampler = sampling === 'signed' ? 'isampler2D' : 'usampler2D';
  const declarations = `uniform highp ${sampler} texture1;
uniform int lightboxLinear;
float lightboxTexel(ivec2 p, ivec2 size) { return float(texelFetch(texture1, clamp(p, ivec2(0), size - 1), 0).r); }
float lightboxSample(vec2 uv) {
  ivec2 size = textureSize(texture1, 0);
  vec2 p = uv * vec2(size);
  if (lightboxLinear == 0) return lightboxTexel(ivec2(floor(p)), size);
  p -= 0.5;
  vec2 base = floor(p);
  vec2 f = p - base;
  ivec2 i = ivec2(base);
  float below = mix(lightboxTexel(i, size), lightboxTexel(i + ivec2(1, 0), size), f.x);
  float above = mix(lightboxTexel(i + ivec2(0, 1), size), lightboxTexel(i + ivec2(1, 1), size), f.x);
  return mix(below, above, f.y);
}`;
  return fragment
    .replace(SAMPLER_DECLARATION, declarations)
    .replace(INTENSITY_LOOKUP, 'float intensity = lightboxSample(tcoordVCVSOutput);')
    .replace(OPACITY_LOOKUP, 'float scalarOpacity = 1.0;');
}
