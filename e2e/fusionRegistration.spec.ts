import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { launchUrl } from './support/browserModeServer';
import { viewportProbe, waitForViewport } from './support/viewerProbe';
import { imageToScreen } from '../renderer/common/viewing/viewTransform';
import { cache, layerPixels, lightboxCli } from './support/petFusionOracle';

// Fusion across Frames of Reference (issue 20, item 7), on the PET/CT reference object: a copy of
// its PET given another Frame of Reference UID and shifted by a known translation (rewritten with
// dcmodify) is refused over the CT with the reason; aligned by hand (the shift undone in the
// controls) it fuses exactly as the unmoved PET does; saved, the registration is a Lightbox REG
// series that re-applies when the study is re-opened; a Spatial Registration written by this test
// (dump2dcm), newer, then places it the same way.

const SHIFT = [12.5, -7.25, 20];
const MOVED_FOR = '2.25.27182818284590452353602874713526624977';
const MOVED_SERIES = '2.25.31415926535897932384626433832795028841';
const tool = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8' });

interface Phantom {
  dir: string;
  study: string;
  pet: string;
  ctSeries: string;
  ctFor: string;
  ctSops: string[];
}

function importMovedPhantom(): Phantom {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lightbox-fusion-reg-e2e-'));
  lightboxCli(['generate', '--out', dir, '--preset', 'petct']);
  const manifest = JSON.parse(readFileSync(path.join(dir, 'lightbox-phantom.json'), 'utf8')) as { studies: Array<{ studyInstanceUid: string; series: Array<{ key: string; folder: string; seriesInstanceUid: string }> }> };
  const study = manifest.studies[0]!;
  const series = (key: string) => study.series.find((s) => s.key === key)!;
  const moved = path.join(dir, 'moved-pet');
  cpSync(path.join(dir, series('pet').folder), moved, { recursive: true });
  for (const [n, f] of readdirSync(moved).filter((x) => x.endsWith('.dcm')).sort().entries()) {
    const file = path.join(moved, f);
    const ipp = tool('dcmdump', ['-q', '+P', '0020,0032', file]).match(/\[([^\]]+)\]/)![1]!.split('\\').map(Number);
    const shifted = ipp.map((x, i) => x + SHIFT[i]!).join('\\');
    tool('dcmodify', ['-nb', '-m', `(0020,0052)=${MOVED_FOR}`, '-m', `(0020,000e)=${MOVED_SERIES}`, '-m', `(0008,0018)=${MOVED_SERIES}.${n + 1}`, '-m', '(0020,0011)=4', '-m', '(0008,103e)=PET moved', '-m', `(0020,0032)=${shifted}`, file]);
  }
  const ctDir = path.join(dir, series('ct').folder);
  const ctFiles = readdirSync(ctDir).filter((f) => f.endsWith('.dcm')).map((f) => path.join(ctDir, f));
  const ctFor = tool('dcmdump', ['-q', '+P', '0020,0052', ctFiles[0]!]).match(/\[([^\]]+)\]/)![1]!;
  // CT instances ordered by z, for scrolling to the one through the spheres.
  const ctSops = ctFiles
    .map((f) => {
      const out = tool('dcmdump', ['-q', '+P', '0008,0018', '+P', '0020,0032', f]);
      return { sop: out.match(/\(0008,0018\) UI \[([^\]]+)\]/)![1]!, z: Number(out.match(/\(0020,0032\) DS \[([^\]]+)\]/)![1]!.split('\\')[2]) };
    })
    .sort((a, b) => Math.abs(a.z - 5) - Math.abs(b.z - 5))
    .map((x) => x.sop);
  cache(['import', dir]);
  return { dir, study: study.studyInstanceUid, pet: series('pet').seriesInstanceUid, ctSeries: series('ct').seriesInstanceUid, ctFor, ctSops };
}

/** A Spatial Registration as another system writes it (PS3.3 C.20.2), built by dump2dcm: moved PET point q is CT point q − SHIFT. */
function handmadeRegistration(p: Phantom): string {
  const item = (uid: string, matrix: string) => [
    '  (fffe,e000) na (Item with undefined length)',
    `    (0020,0052) UI [${uid}]`,
    '    (0070,0309) SQ (Sequence with undefined length)',
    '      (fffe,e000) na (Item with undefined length)',
    '        (0070,030a) SQ (Sequence with undefined length)',
    '          (fffe,e000) na (Item with undefined length)',
    '            (0070,030c) CS [RIGID]',
    `            (3006,00c6) DS [${matrix}]`,
    '          (fffe,e00d) na (ItemDelimitationItem)',
    '        (fffe,e0dd) na (SequenceDelimitationItem)',
    '      (fffe,e00d) na (ItemDelimitationItem)',
    '    (fffe,e0dd) na (SequenceDelimitationItem)',
    '  (fffe,e00d) na (ItemDelimitationItem)',
  ];
  const dump = [
    '(0008,0016) UI [1.2.840.10008.5.1.4.1.1.66.1]',
    '(0008,0018) UI [2.25.1618033988749894848204586834365638117]',
    '(0008,0023) DA [20991231]', // newer than the one saved by hand in this test
    '(0008,0033) TM [120000]',
    '(0008,0060) CS [REG]',
    '(0010,0010) PN [LIGHTBOX^SYNTHETIC PET CT DRO]',
    '(0010,0020) LO [LBX-SYN-PET-0001]',
    `(0020,000d) UI [${p.study}]`,
    '(0020,000e) UI [2.25.1414213562373095048801688724209698078]',
    `(0020,0052) UI [${p.ctFor}]`,
    '(0070,0080) CS [HANDMADE]',
    '(0070,0308) SQ (Sequence with undefined length)',
    ...item(p.ctFor, '1\\0\\0\\0\\0\\1\\0\\0\\0\\0\\1\\0\\0\\0\\0\\1'),
    ...item(MOVED_FOR, `1\\0\\0\\${-SHIFT[0]!}\\0\\1\\0\\${-SHIFT[1]!}\\0\\0\\1\\${-SHIFT[2]!}\\0\\0\\0\\1`),
    '(fffe,e0dd) na (SequenceDelimitationItem)',
  ].join('\n');
  writeFileSync(path.join(p.dir, 'reg.txt'), dump);
  const file = path.join(p.dir, 'reg', 'reg.dcm');
  execFileSync('mkdir', ['-p', path.dirname(file)]);
  tool('dump2dcm', ['+te', path.join(p.dir, 'reg.txt'), file]);
  return path.dirname(file);
}

/** The study opened, the CT slice through the spheres in the first viewport at 1:1. */
async function openOnCt(page: Page, p: Phantom): Promise<void> {
  await page.goto(launchUrl(`StudyInstanceUID=${p.study}`));
  const close = page.getByTestId('mpr-close');
  await expect(close.or(page.getByTestId('fusion-controls'))).toBeVisible({ timeout: 30_000 });
  if (await close.isVisible()) await close.click();
  await expect(page.getByTestId('fusion-controls')).toBeVisible();
  let probe = await waitForViewport(page, 0);
  if (!p.ctSops.includes(probe.sopInstanceUid!)) {
    await page.getByTestId('viewport').first().click();
    await page.locator(`[data-testid="series-thumb"][data-series="${p.ctSeries}"]`).click();
  }
  await page.getByTestId('viewport').first().click();
  await page.keyboard.press('Home');
  for (let i = 0; i < p.ctSops.length; i++) {
    probe = await waitForViewport(page, 0, (q) => q.index === i);
    if (probe.sopInstanceUid === p.ctSops[0]) break;
    await page.keyboard.press('ArrowDown');
  }
  await page.keyboard.press('o');
  await waitForViewport(page, 0, (q) => q.sopInstanceUid === p.ctSops[0] && Math.abs(q.transform!.scale * q.pixelSpacing![1] - 1) < 1e-9);
}

/** Fuses a series, opaque, and returns the layer's pixels once drawn. */
async function fused(page: Page, seriesUid: string): Promise<{ rgba: number[] }> {
  await page.getByTestId('fusion-series').selectOption('');
  await page.getByTestId('fusion-series').selectOption(seriesUid);
  await expect(page.getByTestId('viewport').first().locator(`[data-testid="fusion-layer"][data-series="${seriesUid}"]`)).toHaveCount(1, { timeout: 20_000 });
  await page.getByTestId('fusion-opacity').focus();
  await page.keyboard.press('End');
  await expect(page.getByTestId('fusion-opacity')).toHaveValue('100');
  return opaque(page);
}

/** The CT's matrix (the generator's): colours are compared per CT pixel, wherever the viewport puts it. */
const CT_MATRIX = 256;

/**
 * The layer's colour at each CT pixel's centre (row by row; −1 where it is off screen): the
 * viewport's size changes as the controls' row wraps, so screen pixels are not comparable.
 */
async function imageColours(page: Page): Promise<{ rgba: number[] }> {
  const probe = await viewportProbe(page, 0);
  const layer = await layerPixels(page);
  const [rowSp, colSp] = probe.pixelSpacing!;
  const rgba: number[] = [];
  for (let r = 0; r < CT_MATRIX; r++)
    for (let c = 0; c < CT_MATRIX; c++) {
      const [x, y] = imageToScreen(probe.transform!, probe.size, [(c + 0.5) * colSp, (r + 0.5) * rowSp]).map(Math.floor) as [number, number];
      if (x < 0 || y < 0 || x >= layer.width || y >= layer.height) rgba.push(-1, -1, -1, -1);
      else rgba.push(...layer.rgba.slice(4 * (y * layer.width + x), 4 * (y * layer.width + x) + 4));
    }
  return { rgba };
}

/** The layer's colours once redrawn opaque: every pixel transparent (outside the PET) or fully opaque. */
async function opaque(page: Page): Promise<{ rgba: number[] }> {
  let pixels = await imageColours(page);
  const isOpaque = (px: { rgba: number[] }) => px.rgba.some((_, i) => i % 4 === 3 && px.rgba[i] === 255) && px.rgba.every((v, i) => i % 4 !== 3 || v <= 0 || v === 255);
  await expect.poll(async () => isOpaque((pixels = await imageColours(page))), { timeout: 15_000 }).toBe(true);
  return pixels;
}

/** CT pixels whose colour may differ: a value exactly on a colour boundary may round either way (0.1 %). */
const TOLERATED = Math.ceil((CT_MATRIX * CT_MATRIX) / 1000);

/** Pixels whose colour differs by more than one level in a channel (a value on a colour boundary may round either way). */
function differing(a: { rgba: number[] }, b: { rgba: number[] }): { differ: number; coloured: number } {
  let differ = 0;
  let coloured = 0;
  for (let i = 0; i < a.rgba.length; i += 4) {
    if (a.rgba[i + 3]! > 0) coloured++;
    if ([0, 1, 2, 3].some((k) => Math.abs(a.rgba[i + k]! - b.rgba[i + k]!) > 1)) differ++;
  }
  return { differ, coloured };
}

test('a PET in another Frame of Reference: refused, aligned by hand and saved, re-applied on re-open, and placed by an SRO from elsewhere', async ({ page }) => {
  test.setTimeout(240_000);
  const p = importMovedPhantom();
  try {
    await page.setViewportSize({ width: 1280, height: 800 });
    await openOnCt(page, p);
    // The same-Frame-of-Reference fusion: what the moved PET must look like once placed.
    const reference = await fused(page, p.pet);

    // 1. Refused, with the reason; no registration in the study.
    // (Through "none": switching straight from a fused series to a refused one also clears the
    // active viewport's fusion, which resets the controls — the per-viewport fusion's rule.)
    await page.getByTestId('fusion-series').selectOption('');
    await page.getByTestId('fusion-series').selectOption(MOVED_SERIES);
    await expect(page.getByTestId('fusion-message')).toContainText('different Frames of Reference');
    await expect(page.getByTestId('align-reason')).toContainText('no Spatial Registration names both');
    await expect(page.getByTestId('viewport').first().getByTestId('fusion-layer')).toHaveCount(0);

    // 2. Aligned by hand: the shift undone in the fields, seen live through the fusion.
    await page.getByTestId('align-start').click();
    for (const [axis, v] of SHIFT.entries()) await page.getByTestId(`align-translate${axis}`).fill(String(-v));
    await expect(page.getByTestId('viewport').first().getByTestId('fusion-registration')).toHaveText('aligned by hand (not saved)');
    await page.getByTestId('fusion-opacity').focus();
    await page.keyboard.press('End');
    await expect.poll(async () => differing(await imageColours(page), reference).differ, { timeout: 15_000 }).toBeLessThanOrEqual(TOLERATED);
    expect(differing(await imageColours(page), reference).coloured).toBeGreaterThan(10_000);
    // A nudge moves it (the comparison can fail), Reset brings the typed alignment back to zero.
    await page.getByTestId('align-translate0-plus').click();
    await expect.poll(async () => differing(await imageColours(page), reference).differ, { timeout: 15_000 }).toBeGreaterThan(1000);
    await page.getByTestId('align-translate0-minus').click();

    // 3. Saved: a Lightbox REG series; re-reading the study applies it.
    await page.getByTestId('align-save').click();
    await expect(page.getByTestId('align-saved')).toContainText('Saved as a registration');
    await expect(page.getByTestId('viewport').first().getByTestId('fusion-registration')).toHaveText('registered (REG LIGHTBOX Aligned by hand: PT onto CT)');

    // 4. Re-opened: the saved registration places the moved PET as the unmoved one.
    await openOnCt(page, p);
    const reopened = await fused(page, MOVED_SERIES);
    await expect(page.getByTestId('viewport').first().getByTestId('fusion-registration')).toHaveText('registered (REG LIGHTBOX Aligned by hand: PT onto CT)');
    expect(differing(reopened, reference).differ).toBeLessThanOrEqual(TOLERATED);

    // 5. A newer registration written elsewhere (dump2dcm) is the one applied, to the same result.
    cache(['import', handmadeRegistration(p)]);
    const theirs = await fused(page, MOVED_SERIES);
    await expect(page.getByTestId('viewport').first().getByTestId('fusion-registration')).toHaveText('registered (REG HANDMADE)');
    expect(differing(theirs, reference).differ).toBeLessThanOrEqual(TOLERATED);
  } finally {
    rmSync(p.dir, { recursive: true, force: true });
    cache(['cache', 'delete', p.study, '--reason', 'e2e cleanup']);
  }
});
