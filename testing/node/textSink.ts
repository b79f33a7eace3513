import { Writable } from 'node:stream';

/** A writable that keeps what is written as text: a CLI's stdout or stderr in tests. */
export function textSink(): { stream: Writable; text: () => string } {
  let text = '';
  return {
    stream: new Writable({
      write(chunk, _enc, done) {
        text += String(chunk);
        done();
      },
    }),
    text: () => text,
  };
}
