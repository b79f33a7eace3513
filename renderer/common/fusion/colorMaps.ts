/**
 * Colour maps for a fused series: 256 RGB entries each, index 0 for the bottom of the window and
 * 255 for the top. Hot Iron and PET are the DICOM well-known colour palettes (PS3.6 Annex B,
 * SOP Instances 1.2.840.10008.1.5.1 and .2), entry for entry, so a fused PET looks as it does on
 * other workstations that use them; grey inverted is the PET-only reading look (uptake dark on white).
 */
export type FusionColorMapId = 'hotIron' | 'pet' | 'greyInverted';

export const FUSION_COLOR_MAPS: ReadonlyArray<{ id: FusionColorMapId; label: string }> = [
  { id: 'hotIron', label: 'Hot iron' },
  { id: 'pet', label: 'PET (rainbow)' },
  { id: 'greyInverted', label: 'Grey inverted' },
];

/** A colour map as 256 packed RGB triplets (entry n at 3n). */
export type ColorLut = Uint8Array;

/**
 * Hot Iron (PS3.6 B.1.1): red rises by 2 per entry to 254 and saturates from entry 128; green
 * rises by 2 from entry 129, blue by 4 from entry 192; the last entry is white.
 */
function hotIron(): ColorLut {
  const lut = new Uint8Array(256 * 3);
  for (let n = 0; n < 256; n++) {
    lut[3 * n] = n < 128 ? 2 * n : 255;
    lut[3 * n + 1] = n === 255 ? 255 : n <= 128 ? 0 : 2 * (n - 128);
    lut[3 * n + 2] = n === 255 ? 255 : n <= 191 ? 0 : 4 * (n - 191);
  }
  return lut;
}

// PS3.6 B.1.2, the PET palette's Red, Green and Blue Palette Color Lookup Table Data (8-bit entries,
// as hex). It has no closed form (the standard's ramps skip a value here and there).
const PET_RED =
  '0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000001030507090b0d0f11131517191b1d1f21232527292b2d2f31333537393b3d3f41434547494b4d4f51535556585a5c5e60626466686a6c6e70727476787a7c7e80828486888a8c8e90929496989a9c9ea0a2a4a6a8aaabadafb1b3b5b7b9bbbdbfc1c3c5c7c9cbcdcfd1d3d5d7d9dbdddfe1e3e5e7e9ebedeff1f3f5f7f9fbfdffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff';
const PET_GREEN =
  '00020406080a0c0e10121416181a1c1e20222426282a2c2e30323436383a3c3e41434547494b4d4f51535557595b5d5f61636567696b6d6f71737577797b7d807e7c7a78767472706e6c6a68666462605e5c5a58565452504e4c4a48464442403f3d3b39373533312f2d2b29272523211f1d1b19171513110f0d0b090705030100020406080a0c0e10121416181a1c1e20222426282a2c2e30323436383a3c3e40424446484a4c4e50525456585a5c5e60626466686a6c6e70727476787a7c7e80828486888a8c8e90929496989a9c9ea0a2a4a6a8aaacaeb0b2b4b6b8babcbec0c2c4c6c8caccced0d2d4d6d8dadcdee0e2e4e6e8eaeceef0f2f4f6f8fafcff';
const PET_BLUE =
  '0001030507090b0d0f11131517191b1d1f21232527292b2d2f31333537393b3d3f41434547494b4d4f51535557595b5d5f61636567696b6d6f71737577797b7d7f81838587898b8d8f91939597999b9d9fa1a3a5a7a9abadafb1b3b5b7b9bbbdbfc1c3c5c7c9cbcdcfd1d3d5d7d9dbdddfe1e3e5e7e9ebedeff1f3f5f7f9fbfdfffcf8f4f0ece8e4e0dcd8d4d0ccc8c4c0bcb8b4b0aca8a4a09c9894908c8884807c7874706c6864605c5854504c4844403c3834302c2824201c1814100c08040004080c1014181c2024282c3034383c4044484c5055595d6165696d7175797d8185898d9195999da1a5aaaeb2b6babec2c6caced2d6dadee2e6eaeef2f6faff';

function fromHex(red: string, green: string, blue: string): ColorLut {
  const lut = new Uint8Array(256 * 3);
  for (let n = 0; n < 256; n++) {
    lut[3 * n] = parseInt(red.slice(2 * n, 2 * n + 2), 16);
    lut[3 * n + 1] = parseInt(green.slice(2 * n, 2 * n + 2), 16);
    lut[3 * n + 2] = parseInt(blue.slice(2 * n, 2 * n + 2), 16);
  }
  return lut;
}

function greyInverted(): ColorLut {
  const lut = new Uint8Array(256 * 3);
  for (let n = 0; n < 256; n++) lut[3 * n] = lut[3 * n + 1] = lut[3 * n + 2] = 255 - n;
  return lut;
}

const BUILD: Record<FusionColorMapId, () => ColorLut> = { hotIron, pet: () => fromHex(PET_RED, PET_GREEN, PET_BLUE), greyInverted };
const built = new Map<FusionColorMapId, ColorLut>();

/** The 256-entry table of a colour map (built once). */
export function colorMapLut(id: FusionColorMapId): ColorLut {
  let lut = built.get(id);
  if (!lut) built.set(id, (lut = BUILD[id]()));
  return lut;
}
