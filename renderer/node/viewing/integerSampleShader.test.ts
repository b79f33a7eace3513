import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { integerSampleShader } from '../../common/viewing/integerSampleShader';

// The rewrite's anchors are checked against the shader text of the vtk.js version installed.
const vtkImageMapperSource = readFileSync(createRequire(import.meta.url).resolve('@kitware/vtk.js/Rendering/OpenGL/ImageMapper.js'), 'utf8');

describe('integerSampleShader', () => {
  it('finds the lines it replaces in the installed vtk.js image mapper', () => {
    expect(vtkImageMapperSource).toContain('"uniform sampler2D texture1;"');
    expect(vtkImageMapperSource).toContain('float intensity = texture2D(texture1, tcoordVCVSOutput).r;');
    expect(vtkImageMapperSource).toContain('float scalarOpacity = texture2D(pwfTexture1, vec2(intensity * pwfscale0 + pwfshift0, 0.5)).r;');
  });

  it('declares the integer sampler and routes the intensity through texelFetch', () => {
    const fragment = [
      'uniform sampler2D texture1;',
      'void main() {',
      '  float intensity = texture2D(texture1, tcoordVCVSOutput).r;',
      '  float scalarOpacity = texture2D(pwfTexture1, vec2(intensity * pwfscale0 + pwfshift0, 0.5)).r;',
      '}',
    ].join('\n');
    const signed = integerSampleShader(fragment, 'signed');
    expect(signed).toContain('uniform highp isampler2D texture1;');
    expect(signed).toContain('float intensity = lightboxSample(tcoordVCVSOutput);');
    expect(signed).not.toContain('texture2D(texture1');
    expect(signed).toContain('float scalarOpacity = 1.0;');
    expect(integerSampleShader(fragment, 'unsigned')).toContain('uniform highp usampler2D texture1;');
  });

  it('refuses a shader without the anchors instead of sampling an integer texture as float', () => {
    expect(() => integerSampleShader('void main() {}', 'signed')).toThrow(/vtk.js image fragment shader changed/);
  });
});
