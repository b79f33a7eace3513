// vtk.js ships no declarations for these OpenGL implementation modules; only what the slab fix uses.
declare module '@kitware/vtk.js/Rendering/OpenGL/ImageResliceMapper' {
  export function extend(publicAPI: Record<string, unknown>, model: Record<string, unknown>, initialValues?: Record<string, unknown>): void;
}
declare module '@kitware/vtk.js/Rendering/OpenGL/ViewNodeFactory' {
  export function registerOverride(className: string, newInstance: (initialValues?: Record<string, unknown>) => unknown): void;
}
