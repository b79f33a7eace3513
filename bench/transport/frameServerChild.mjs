// The host side of the transport benchmark: serves N frames of S bytes from memory, both over
// loopback HTTP (as the host's server does) and over its IPC channel with structured clone (as a
// utility process's MessagePort would), so that only the transport differs.
import { createServer } from 'node:http';

const frameBytes = Number(process.argv[2]);
const frame = new Uint8Array(frameBytes).map((_, i) => i & 0xff);
const server = createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(frameBytes) });
  res.end(frame);
});
server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
process.on('message', (m) => {
  if (m === 'exit') process.exit(0);
  // A request over IPC: the frame goes back as a structured-clone copy (what postMessage does).
  process.send({ id: m.id, bytes: frame });
});
