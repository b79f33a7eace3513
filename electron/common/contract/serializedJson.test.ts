import { describe, expect, it } from 'vitest';
import { SerializedJson } from './serializedJson';

describe('JSON served as the host holds it', () => {
  it('makes one valid JSON array of its rows, a few rows per pull', async () => {
    const rows = Array.from({ length: 70 }, (_, i) => JSON.stringify({ i, s: `row ${i}` }));
    const reader = SerializedJson.array(rows, String, 32).body.getReader();
    const chunks: string[] = [];
    for (let r = await reader.read(); !r.done; r = await reader.read()) chunks.push(new TextDecoder().decode(r.value));
    expect(chunks).toHaveLength(3);
    expect(JSON.parse(chunks.join(''))).toEqual(rows.map((r) => JSON.parse(r) as unknown));
    expect(JSON.parse(await new Response(SerializedJson.array([]).body).text())).toEqual([]);
  });
});
