// vtk.js ships no declarations for these OpenGL implementation modules; only what Lightbox's subclasses use.
declare module '@kitware/vtk.js/Rendering/OpenGL/ImageResliceMapper' {
  export function extend(publicAPI: Record<string, unknown>, model: Record<string, unknown>, initialValues?: Record<string, unknown>): void;
}
declare module '@kitware/vtk.js/Rendering/OpenGL/ViewNodeFactory' {
  export function registerOverride(className: string, newInstance: (initialValues?: Record<string, unknown>) => unknown): void;
}
declare module '@kitware/vtk.js/Rendering/OpenGL/ImageMapper' {
  export function extend(publicAPI: Record<string, unknown>, model: Record<string, unknown>, initialValues?: object): void;
}
declare module '@kitware/vtk.js/Rendering/OpenGL/Texture/supportsNorm16Linear' {
  /** Probes (once, with a throwaway WebGL2 context) whether norm16 textures filter linearly. */
  export default function supportsNorm16LinearCached(): boolean;
}
