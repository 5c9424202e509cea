#!/usr/bin/env node
// A paired web system talking to the ChipID Kiosk local agent API over WebSocket: its token on the upgrade, hello,
// list readers, start a read on the first reader (or --reader), print progress and the verdict plus the
// fields its purpose allows. Plain JavaScript; needs only the `ws` package.
//
//   CHIPID_TOKEN=… node examples/web-client.mjs --url http://127.0.0.1:47800 --id 001099012345
//
// The token is read from CHIPID_TOKEN (not a flag: flags show up in process lists and shell history).
import WebSocket from 'ws';

function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) continue;
    const k = a.slice(2);
    const v = argv[i + 1];
    if (v === undefined || v.startsWith('--')) out[k] = true;
    else {
      out[k] = v;
      i++;
    }
  }
  return out;
}

const args = parseArgs(process.argv.slice(2));
const url = String(args.url ?? process.env.CHIPID_API_URL ?? '');
const token = process.env.CHIPID_TOKEN ?? '';
if (!url || !token || args.help) {
  console.error('usage: CHIPID_TOKEN=<token> node examples/web-client.mjs --url http://127.0.0.1:PORT (--id 12DIGITS [--dob D --doe D] | --can 6DIGITS)');
  console.error('       [--reader ID] [--photo] [--origin https://your.app] [--demo-insert] [--timeout SECONDS]');
  process.exit(2);
}
const key = {};
for (const k of ['id', 'dob', 'doe', 'can', 'mrz', 'qr']) if (typeof args[k] === 'string') key[k] = args[k];
if (Object.keys(key).length === 0) {
  console.error('give a key: --id 12DIGITS (with --dob/--doe for BAC) or --can 6DIGITS');
  process.exit(2);
}

// A browser sends its page's Origin; a non-browser client sends none (its pairing must allow that).
// The token goes on the upgrade (Authorization: Bearer): it is checked there, before any message, and the
// socket never competes with unauthenticated ones for the small pre-hello pool.
const ws = new WebSocket(url.replace(/^http/, 'ws') + '/api/v1/ws', {
  headers: { Authorization: `Bearer ${token}` },
  ...(typeof args.origin === 'string' ? { origin: args.origin } : {}),
});
const pending = new Map();
let seq = 0;
let readerId;
let purpose;

function request(body) {
  const id = `c${++seq}`;
  ws.send(JSON.stringify({ ...body, id }));
  return new Promise((resolve, reject) => pending.set(id, { resolve, reject }));
}

function fail(error) {
  console.error(`${error.code}: ${error.message}\n${error.messageVi}`);
  process.exit(1);
}

const timer = setTimeout(() => fail({ code: 'TIMEOUT', message: 'no result in time', messageVi: 'không có kết quả kịp thời' }), Number(args.timeout ?? 60) * 1000);

// A token given on the upgrade is checked there: a refusal is an HTTP answer with the agent's JSON error.
ws.on('unexpected-response', (_req, res) => {
  let body = '';
  res.setEncoding('utf8');
  res.on('data', (c) => {
    if (body.length < 65536) body += c;
  });
  res.on('end', () => {
    let error;
    try {
      error = JSON.parse(body).error;
    } catch {
      error = undefined;
    }
    fail(error?.code ? error : { code: `HTTP_${res.statusCode}`, message: 'the agent refused the connection (check --origin and the URL)', messageVi: 'dịch vụ từ chối kết nối' });
  });
});
ws.on('error', (e) => fail({ code: 'CONNECT', message: e.message, messageVi: 'không kết nối được tới dịch vụ kiosk' }));
ws.on('close', (code) => {
  if (code !== 1000 && code !== 1005) console.error(`connection closed (${code})`);
});

ws.on('message', (data) => {
  const m = JSON.parse(String(data));
  if (m.type === 'response') {
    const p = pending.get(m.id);
    if (!p) return m.ok ? undefined : fail(m.error);
    pending.delete(m.id);
    return m.ok ? p.resolve(m.value) : p.reject(m.error);
  }
  if (m.readerId !== readerId) return;
  // Everything a read does arrives once, as its reader's session state (contract 2.0).
  if (m.type !== 'session') return;
  const st = m.session;
  if (st.state === 'reading') {
    const p = st.progress;
    const bytes = p.bytesTotal ? ` ${p.bytesRead ?? 0}/${p.bytesTotal} B` : '';
    console.log(`progress ${p.step} (${p.index + 1}/${p.count})${bytes}`);
  } else if (st.state === 'error' && !st.resumable) {
    fail(st.error);
  } else if (st.state === 'result') {
    const r = st.result;
    console.log(`verdict ${r.verdict}`);
    for (const [tier, c] of Object.entries(r.checks)) console.log(`  ${tier}: ${c.status} (${c.reason})`);
    if (r.idLast4) console.log(`idLast4 ${r.idLast4}`);
    // Only what this client's purpose allows ever arrives here.
    for (const [field, value] of Object.entries(r.identity)) console.log(`${field}: ${value ?? ''}`);
    if (r.photo) console.log(`photo ${r.photo.mime} ${r.photo.width}x${r.photo.height}`);
    clearTimeout(timer);
    ws.close(1000);
  }
});

ws.on('open', async () => {
  try {
    const me = await request({ type: 'hello', client: 'example web client' });
    purpose = me.purpose;
    console.log(`connected as ${me.name} (purpose ${purpose}, contract ${me.contractVersion})`);
    const readers = await request({ type: 'listReaders' });
    for (const r of readers) console.log(`reader ${r.id} ${r.name} card=${r.cardPresent ? 'yes' : 'no'} state=${r.state}`);
    readerId = typeof args.reader === 'string' ? args.reader : readers[0]?.id;
    if (!readerId) fail({ code: 'NO_READER', message: 'No card reader found.', messageVi: 'Không tìm thấy đầu đọc thẻ.' });
    await request({ type: 'startRead', readerId, key, photo: args.photo === true });
    console.log(`reading on ${readerId}: place the card on the reader`);
    // Demo mode: place the virtual card (cccd-2021 opens with ID 001099012345) on the virtual reader.
    if (args['demo-insert']) await request({ type: 'demoCard', readerId, action: 'insert', profile: 'cccd-2021' });
  } catch (e) {
    fail(e);
  }
});
