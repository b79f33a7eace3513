import ctAbdomenPelvis from './protocols/ct-abdomen-pelvis.json' with { type: 'json' };
import ctChest from './protocols/ct-chest.json' with { type: 'json' };
import ctHead from './protocols/ct-head.json' with { type: 'json' };
import cta from './protocols/cta.json' with { type: 'json' };
import crChest from './protocols/cr-chest.json' with { type: 'json' };
import defaultProtocol from './protocols/default.json' with { type: 'json' };
import mammography from './protocols/mammography.json' with { type: 'json' };
import mrBrain from './protocols/mr-brain.json' with { type: 'json' };
import mrSpine from './protocols/mr-spine.json' with { type: 'json' };
import petCt from './protocols/pet-ct.json' with { type: 'json' };
import type { HangingProtocol } from './protocolTypes';
import { validateProtocol } from './validateProtocol';

const FILES: Record<string, unknown> = {
  'ct-chest.json': ctChest,
  'ct-abdomen-pelvis.json': ctAbdomenPelvis,
  'ct-head.json': ctHead,
  'cta.json': cta,
  'mr-brain.json': mrBrain,
  'mr-spine.json': mrSpine,
  'cr-chest.json': crChest,
  'mammography.json': mammography,
  'pet-ct.json': petCt,
  'default.json': defaultProtocol,
};

let shipped: HangingProtocol[] | undefined;

/**
 * The protocols Lightbox ships (electron/common/hanging/protocols/*.json), validated as any user's
 * would be — once: every study open asks for them.
 */
export function shippedProtocols(): HangingProtocol[] {
  shipped ??= Object.entries(FILES).map(([file, json]) => validateProtocol(json, `protocols/${file}`));
  return shipped;
}
