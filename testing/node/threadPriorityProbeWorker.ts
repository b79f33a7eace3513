// A worker that lowers its own priority with the product's helper and reports what the OS says.
import { readlinkSync } from 'node:fs';
import os from 'node:os';
import { parentPort } from 'node:worker_threads';
import { lowerThisThreadPriority } from '../../electron/node/runtime/threadPriority';

const tid = Number(readlinkSync('/proc/thread-self').split('/').at(-1));
const before = os.getPriority(tid);
const lowered = lowerThisThreadPriority(5);
parentPort!.postMessage({ lowered, before, thread: os.getPriority(tid), process: os.getPriority(process.pid) });
