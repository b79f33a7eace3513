import { appendFile, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * What an Orthanc peer received, as Orthanc itself saw it: its Lua `ReceivedInstanceFilter` runs
 * for every instance that arrives whole — over C-STORE, STOW-RS or REST, new or already stored —
 * and appends its SOP Instance UID to a file. Orthanc's own `/instances` and `/changes` cannot
 * show a duplicate (a second copy is answered "AlreadyStored" and logs no change); this can.
 *
 * It can also make Orthanc misbehave once per listed instance, the way a PACS does: refuse it
 * (a Lua error: Orthanc answers C-STORE with 0xA700 "Out of resources", a transient refusal) or
 * stall before storing it (the sender times out; Orthanc stores it afterwards).
 */
export interface OrthancReceipts {
  /** Pass to `startOrthanc({ luaScripts: [script] })`. */
  script: string;
  /** SOP Instance UID → how many times Orthanc received it. */
  counts(): Promise<Map<string, number>>;
  /** Orthanc refuses each of these the next time it receives it. */
  refuseOnce(sopUids: string[]): Promise<void>;
  /** Orthanc waits this long before storing each of these the next time it receives it. */
  stallOnce(sopUids: string[], seconds: number): Promise<void>;
}

/** Writes the Lua script into `dir` (the test's own folder). */
export async function orthancReceipts(dir: string): Promise<OrthancReceipts> {
  const received = path.join(dir, 'received.txt');
  const refuse = path.join(dir, 'refuse.txt');
  const stall = path.join(dir, 'stall.txt');
  const script = path.join(dir, 'receipts.lua');
  await Promise.all([writeFile(received, ''), writeFile(refuse, ''), writeFile(stall, '')]);
  await writeFile(
    script,
    `-- Written by testing/node/orthancReceipts.ts
done = {}
local function listed(file, uid)
  local f = io.open(file, 'r')
  if not f then return nil end
  for line in f:lines() do
    local u, arg = string.match(line, '^(%S+)%s*(%S*)$')
    if u == uid and not done[file .. uid] then f:close(); done[file .. uid] = true; return arg end
  end
  f:close()
  return nil
end
function ReceivedInstanceFilter(dicom, origin, info)
  local uid = dicom.SOPInstanceUID
  local out = io.open(${JSON.stringify(received)}, 'a')
  out:write(uid .. '\\n')
  out:close()
  if listed(${JSON.stringify(refuse)}, uid) then error('refused once by the test: ' .. uid) end
  local seconds = listed(${JSON.stringify(stall)}, uid)
  if seconds then os.execute('sleep ' .. tonumber(seconds)) end
  return true
end
`,
  );
  return {
    script,
    async counts() {
      const map = new Map<string, number>();
      for (const uid of (await readFile(received, 'utf8')).split('\n').filter(Boolean)) map.set(uid, (map.get(uid) ?? 0) + 1);
      return map;
    },
    async refuseOnce(sopUids) {
      await appendFile(refuse, sopUids.map((u) => `${u}\n`).join(''));
    },
    async stallOnce(sopUids, seconds) {
      await appendFile(stall, sopUids.map((u) => `${u} ${seconds}\n`).join(''));
    },
  };
}
