// Module resolution hook: `electron` → the API stand-in (see electronApi.mjs).
const STAND_IN = new URL('./electronApi.mjs', import.meta.url).href;

export async function resolve(specifier, context, nextResolve) {
  if (specifier === 'electron') return { url: STAND_IN, shortCircuit: true };
  return nextResolve(specifier, context);
}
