/** The entry of a `sim check grab --jobs N` worker thread: runs its part and posts the outcome. */
import { parentPort, workerData } from 'node:worker_threads';
import { runGrabCheckPart, type GrabCheckPart } from './grabCheckPart.js';

if (!parentPort) throw new Error('grabCheckWorker.ts runs only as a worker thread');
parentPort.postMessage(runGrabCheckPart(workerData as GrabCheckPart));
