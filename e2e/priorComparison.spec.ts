import { expect, test } from '@playwright/test';
import { demoPhantom } from './support/mprProbe';
import { launchUrl } from './support/browserModeServer';
import { waitForViewport } from './support/viewerProbe';

// The prior on display 2 (issue 23): its strip listed the current study's series, and nothing but
// its date marked it as the prior. Now every viewport of a prior says PRIOR with its date and
// interval, and the strip lists the series of the study in the active viewport.
test('a prior is marked on its viewports, and the strip lists its own series', async ({ page }) => {
  const { studyUid } = demoPhantom();
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(launchUrl(`StudyInstanceUID=${studyUid}&display=2`));
  await waitForViewport(page, 0);
  const hanging = (await (await page.request.get(`/api/studies/${studyUid}/hanging`)).json()) as { priors: Array<{ studyInstanceUid: string }> };
  const prior = hanging.priors[0]!.studyInstanceUid;
  const priorSeries = ((await (await page.request.get(`/dicomweb/studies/${prior}/series`)).json()) as Array<Record<string, { Value?: string[] }>>).map((s) => s['0020000E']!.Value![0]!);

  const first = page.getByTestId('viewport').first();
  await expect(first.getByTestId('prior-badge')).toHaveText('PRIOR 2025-11-18 · 1 y 2 d before');
  await first.click({ position: { x: 5, y: 5 } });
  await expect(page.getByTestId('strip-prior')).toHaveText('PRIOR 2025-11-18 · 1 y 2 d before');
  const listed = await page.getByTestId('series-thumb').evaluateAll((els) => els.map((e) => e.getAttribute('data-series')));
  expect(listed.length).toBeGreaterThan(0);
  for (const uid of listed) expect(priorSeries).toContain(uid);

  // Display 1 shows the current study: no marker, and its strip is the current study's.
  await page.goto(launchUrl(`StudyInstanceUID=${studyUid}`));
  await waitForViewport(page, 0);
  await expect(page.getByTestId('prior-badge')).toHaveCount(0);
  await expect(page.getByTestId('strip-prior')).toHaveCount(0);
});
