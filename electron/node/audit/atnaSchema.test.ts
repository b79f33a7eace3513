import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { atnaAuditMessage } from '../../common/audit/atnaAuditMessage';
import { sampleAuditEntries } from '../../../testing/atna/auditEntryFixtures';
import { jingAvailable, validateAuditMessages } from '../../../testing/atna/jing';
import { missingHere } from '../../../testing/node/requiredInCi';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'lightbox-atna-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const source = { auditSourceId: 'lightbox@ws-3', enterpriseSiteId: 'Radiology & Co' };

describe.skipIf(missingHere(jingAvailable(), 'jing (apt: jing)'))('audit messages against the DICOM PS3.15 A.5.1 schema (jing)', () => {
  it('validates every kind of message the product writes', async () => {
    const entries = sampleAuditEntries();
    // Every action is covered, failures and partial successes included.
    expect(new Set(entries.map((e) => e.action)).size).toBe(13);
    const files = await Promise.all(
      entries.map(async (e) => {
        const file = path.join(dir, `${e.id}-${e.action}.xml`);
        await writeFile(file, atnaAuditMessage(e, source));
        return file;
      }),
    );
    await validateAuditMessages(files);
  });

  it('rejects a message that breaks the schema or is not well-formed (so the check above can fail)', async () => {
    const good = atnaAuditMessage(sampleAuditEntries()[2]!, source);
    const broken = {
      'no-event-id': good.replace(/<EventID [^>]*\/>/, ''),
      'bad-outcome': good.replace('EventOutcomeIndicator="0"', 'EventOutcomeIndicator="3"'),
      'unescaped-ampersand': good.replace('Radiology &amp; Co', 'Radiology & Co'),
      'study-without-name': good.replace(/<ParticipantObjectName>CT &lt;chest&gt;<\/ParticipantObjectName>/, ''),
      'participant-after-source': good.replace(/(<AuditSourceIdentification.*?<\/AuditSourceIdentification>)(.*?)(<\/AuditMessage>)/, '$2$1$3'),
    };
    for (const [name, xml] of Object.entries(broken)) {
      expect(xml, name).not.toBe(good);
      const file = path.join(dir, `broken-${name}.xml`);
      await writeFile(file, xml);
      await expect(validateAuditMessages([file]), name).rejects.toThrow(new RegExp(`broken-${name}\\.xml:\\d+:\\d+: (error|fatal)`));
    }
  });
});
