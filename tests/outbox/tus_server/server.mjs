// A real tus 1.0 server for the outbox tests: @tus/server with @tus/file-store, on loopback only.
//
//   node server.mjs --dir STORE_DIR --log LOG.jsonl [--port 0]
//
// Prints one line `{"ready": true, "port": N}` on stdout once listening. Every request is
// logged to LOG (one JSON object a line: method, path, Upload-Offset sent by the client,
// Content-Length, status, whether the response completed) so that tests can count creations and
// the bytes a resumed upload re-sends. Exits when stdin closes (the test process died) or
// after --max-seconds, so a forgotten server never outlives its test run.
import { appendFileSync } from 'node:fs';
import http from 'node:http';
import { FileStore } from '@tus/file-store';
import { Server, EVENTS } from '@tus/server';

function option(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? process.argv[index + 1] : fallback;
}

const directory = option('dir');
const logPath = option('log');
const port = Number(option('port', '0'));
const maxSeconds = Number(option('max-seconds', '600'));
if (!directory || !logPath) {
  console.error('usage: node server.mjs --dir STORE_DIR --log LOG.jsonl [--port 0]');
  process.exit(2);
}

function log(entry) {
  appendFileSync(logPath, JSON.stringify({ t: Date.now(), ...entry }) + '\n');
}

const tus = new Server({ path: '/files', datastore: new FileStore({ directory }) });
tus.on(EVENTS.POST_CREATE, (req, upload) => log({ event: 'created', id: upload.id, size: upload.size, metadata: upload.metadata }));
tus.on(EVENTS.POST_FINISH, (req, res, upload) => log({ event: 'finished', id: upload.id, size: upload.size }));

const httpServer = http.createServer((req, res) => {
  const started = { method: req.method, path: req.url,
    upload_offset: req.headers['upload-offset'] ?? null,
    content_length: req.headers['content-length'] ?? null };
  res.on('close', () => log({ event: 'request', ...started,
    status: res.statusCode, completed: res.writableFinished }));
  tus.handle(req, res);
});

httpServer.listen({ host: '127.0.0.1', port }, () => {
  process.stdout.write(JSON.stringify({ ready: true, port: httpServer.address().port }) + '\n');
});

process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
setTimeout(() => process.exit(0), maxSeconds * 1000).unref();
