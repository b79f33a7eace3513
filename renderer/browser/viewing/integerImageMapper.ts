import macro from '@kitware/vtk.js/macros';
import vtkImageMapper from '@kitware/vtk.js/Rendering/Core/ImageMapper';
import { extend as extendOpenGLImageMapper } from '@kitware/vtk.js/Rendering/OpenGL/ImageMapper';
import vtkOpenGLTexture from '@kitware/vtk.js/Rendering/OpenGL/Texture';
import { registerOverride } from '@kitware/vtk.js/Rendering/OpenGL/ViewNodeFactory';
import { integerSampleShader, type IntegerSampling } from '../../common/viewing/integerSampleShader';

/**
 * A vtk.js image mapper whose 16-bit single-channel frames go to the GPU as integer textures
 * (R16I / R16UI), bytes as stored. vtk.js's own mapper keeps 16-bit data 16-bit only with
 * EXT_texture_norm16; without it (SwiftShader, many mobile GPUs) it converts every slice to half
 * floats in JavaScript, one value at a time — 17 ms of a scroll step for a 512×512 CT here.
 * Integer textures exist on every WebGL2 device. They cannot be filtered, so the fragment shader
 * fetches texels itself: the nearest one, or the four around the point blended as GL_LINEAR
 * would when the viewport interpolates. The value reaches the colour table unscaled (shift 0,
 * scale 1), so the display table is indexed by the stored value exactly as before.
 * Other data (8-bit, RGB, float) take vtk.js's path unchanged.
 */

/** The vtk.js publicAPI members these subclasses call or replace. */
interface Api extends Record<string, unknown> {
  createTexture(): void;
  bind(): void;
  deactivate(): void;
  getIntegerSampling(): IntegerSampling | undefined;
}
type Gl = WebGL2RenderingContext;

interface TextureModel {
  context: Gl;
  _openGLRenderWindow: { activateTexture(t: unknown): void };
  target: number;
  internalFormat: number;
  format: number;
  openGLDataType: number;
  components: number;
  width: number;
  height: number;
  depth: number;
  numberOfDimensions: number;
  minificationFilter: number;
  magnificationFilter: number;
  allocatedGPUMemoryInBytes: number;
  handle: unknown;
  /** Which integer sampling the texture holds now; undefined when vtk.js's own path made it. */
  integerSampling?: IntegerSampling;
  /** Format and size of the integer storage allocated, if any. */
  integerStorage?: string;
}

const NEAREST = 0; // vtk.js Filter.NEAREST

interface RawTexture {
  width: number;
  height: number;
  numComps: number;
  dataType: string;
  data: Int16Array | Uint16Array | ArrayLike<number>;
}

function extendIntegerTexture(publicAPI: Api, model: TextureModel, initialValues: object = {}): void {
  vtkOpenGLTexture.extend(publicAPI as never, model as never, initialValues);
  const vtkCreate = publicAPI.create2DFilterableFromRaw as unknown as (raw: RawTexture) => void;
  const vtkShiftAndScale = publicAPI.getShiftAndScale as unknown as () => { shift: number; scale: number };

  publicAPI.create2DFilterableFromRaw = ((raw: RawTexture) => {
    const sampling: IntegerSampling | undefined =
      raw.numComps !== 1 ? undefined : raw.dataType === 'Int16Array' ? 'signed' : raw.dataType === 'Uint16Array' ? 'unsigned' : undefined;
    if (!sampling) {
      model.integerSampling = undefined;
      model.integerStorage = undefined;
      vtkCreate(raw);
      return;
    }
    const gl = model.context;
    const internalFormat = sampling === 'signed' ? gl.R16I : gl.R16UI;
    const type = sampling === 'signed' ? gl.SHORT : gl.UNSIGNED_SHORT;
    // The mapper resets format and type before every upload, so the storage is remembered here:
    // the next slice of the same size replaces the texels instead of re-allocating the texture.
    const storage = `${internalFormat}:${raw.width}x${raw.height}`;
    const sameStorage = model.integerStorage === storage && model.handle !== 0;
    Object.assign(model, {
      integerSampling: sampling,
      integerStorage: storage,
      target: gl.TEXTURE_2D,
      internalFormat,
      format: gl.RED_INTEGER,
      openGLDataType: type,
      components: 1,
      width: raw.width,
      height: raw.height,
      depth: 1,
      numberOfDimensions: 2,
      // Integer textures are never filtered by the GPU (the shader interpolates).
      minificationFilter: NEAREST,
      magnificationFilter: NEAREST,
      allocatedGPUMemoryInBytes: raw.width * raw.height * 2,
    });
    model._openGLRenderWindow.activateTexture(publicAPI);
    publicAPI.createTexture();
    publicAPI.bind();
    const data = raw.data as Int16Array | Uint16Array;
    gl.pixelStorei(gl.UNPACK_ALIGNMENT, 2);
    gl.pixelStorei(gl.UNPACK_FLIP_Y_WEBGL, false);
    if (sameStorage) gl.texSubImage2D(gl.TEXTURE_2D, 0, 0, 0, raw.width, raw.height, gl.RED_INTEGER, type, data);
    else gl.texImage2D(gl.TEXTURE_2D, 0, internalFormat, raw.width, raw.height, 0, gl.RED_INTEGER, type, data);
    publicAPI.deactivate();
  }) as never;

  publicAPI.getShiftAndScale = (() => (model.integerSampling ? { shift: 0, scale: 1 } : vtkShiftAndScale())) as never;
  publicAPI.getIntegerSampling = (() => model.integerSampling) as never;
}

const newIntegerTexture = macro.newInstance(extendIntegerTexture as never, 'vtkLightboxIntegerTexture') as (initial?: object) => Api;

interface MapperModel {
  openGLTexture: Api | null;
  lastIntegerSampling?: IntegerSampling;
}

interface ShaderProgram {
  setUniformi(name: string, v: number): boolean;
  isUniformUsed(name: string): boolean;
}

function extendOpenGLIntegerImageMapper(publicAPI: Record<string, unknown>, model: MapperModel, initialValues: object = {}): void {
  extendOpenGLImageMapper(publicAPI, model as never, initialValues);
  // Made before vtk.js would make its own texture in buildBufferObjects.
  model.openGLTexture = newIntegerTexture({ resizable: true });
  const sampling = (): IntegerSampling | undefined => model.openGLTexture?.getIntegerSampling();

  const vtkReplace = publicAPI.replaceShaderValues as unknown as (shaders: { Fragment: string }, ren: unknown, actor: unknown) => void;
  publicAPI.replaceShaderValues = ((shaders: { Fragment: string }, ren: unknown, actor: unknown) => {
    vtkReplace(shaders, ren, actor);
    const kind = sampling();
    if (kind) shaders.Fragment = integerSampleShader(shaders.Fragment, kind);
  }) as never;

  const vtkNeedRebuild = publicAPI.getNeedToRebuildShaders as unknown as (cellBO: unknown, ren: unknown, actor: unknown) => boolean;
  publicAPI.getNeedToRebuildShaders = ((cellBO: unknown, ren: unknown, actor: unknown) => {
    const kind = sampling();
    const changed = kind !== model.lastIntegerSampling;
    model.lastIntegerSampling = kind;
    return vtkNeedRebuild(cellBO, ren, actor) || changed;
  }) as never;

  const vtkMapperParameters = publicAPI.setMapperShaderParameters as unknown as (cellBO: { getProgram(): ShaderProgram }, ren: unknown, actor: ActorLike) => void;
  publicAPI.setMapperShaderParameters = ((cellBO: { getProgram(): ShaderProgram }, ren: unknown, actor: ActorLike) => {
    vtkMapperParameters(cellBO, ren, actor);
    const program = cellBO.getProgram();
    if (sampling() && program.isUniformUsed('lightboxLinear')) program.setUniformi('lightboxLinear', actor.getProperty().getInterpolationType() === LINEAR ? 1 : 0);
  }) as never;
}

interface ActorLike {
  getProperty(): { getInterpolationType(): number };
}

const LINEAR = 1; // vtk.js InterpolationType.LINEAR

const CLASS_NAME = 'vtkLightboxIntegerImageMapper';

function extendIntegerImageMapper(publicAPI: Record<string, unknown>, model: { classHierarchy: string[] }, initialValues: object = {}): void {
  vtkImageMapper.extend(publicAPI, model, initialValues);
  model.classHierarchy.push(CLASS_NAME);
}

/** The stack viewports' image mapper (a vtkImageMapper drawn by the integer-texture OpenGL mapper). */
export const newIntegerImageMapper = macro.newInstance(extendIntegerImageMapper as never, CLASS_NAME) as () => vtkImageMapper;

registerOverride(CLASS_NAME, macro.newInstance(extendOpenGLIntegerImageMapper as never, 'vtkLightboxOpenGLIntegerImageMapper') as () => unknown);
