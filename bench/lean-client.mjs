// A WebSocket client that reads into one fixed buffer and hands binary frames on as views of it,
// for the figures that measure how fast the daemon delivers a flood (throughput, stalled client).
//
// Why not `ws` there: on this 2-core machine the clients share the CPU with the session that
// produces the flood, so what the clients cost is taken from what is measured. Ten `ws` clients
// receiving 100 MB each spent ~1.8–3 s of CPU (CPU profile of the benchmark process): every 64 KiB
// socket read is a fresh buffer, and a message spread over two reads is copied whole into another,
// and collecting those buffers was most of it. This client allocates nothing per read, as a
// measuring tool should (wrk, not a browser, measures an HTTP server's throughput). The echo and
// first-screen figures, where a client's CPU does not matter, keep `ws`.
//
// It speaks only what the daemon sends: RFC 6455 frames, unfragmented binary messages (our 13-byte
// header then output), text messages (JSON, answered pings), control frames; it masks what it sends.
import { randomBytes } from 'node:crypto';
import { connect as netConnect } from 'node:net';
import { decodeFrame, FRAME_HEADER_BYTES } from '@codepiper/protocol';

/** Bytes read per socket read: a few frames' worth, and no allocation per read. */
const READ_BUFFER_BYTES = 256 * 1024;
const OPCODE = { continuation: 0, text: 1, binary: 2, close: 8, ping: 9, pong: 10 };

/**
 * Opens a WebSocket to the daemon with a single-use ticket. `onFrame(kind, payload, first)` is called
 * for each piece of a binary frame's payload as it arrives: a view valid only during the call (a frame
 * split across reads comes in several pieces; `first` marks a frame's first piece).
 * `onJson(message)` for text messages. Resolves once the handshake is done.
 */
export function leanConnect(port, ticket, { onFrame, onJson = () => {} }) {
  const key = randomBytes(16).toString('base64');
  let handshake = '';
  let open = false;
  // The frame being read: header bytes gathered, then the payload left to read.
  const header = Buffer.alloc(14 + FRAME_HEADER_BYTES);
  let headerHave = 0;
  let payloadLeft = 0;
  let opcode = 0;
  let frameKind = '';
  let firstPiece = false;
  let inPayload = false;
  let text = [];
  let resolveOpen;
  let rejectOpen;
  const opened = new Promise((resolve, reject) => {
    resolveOpen = resolve;
    rejectOpen = reject;
  });

  const socket = netConnect({
    host: '127.0.0.1',
    port,
    onread: { buffer: Buffer.allocUnsafe(READ_BUFFER_BYTES), callback: (n, buf) => read(buf.subarray(0, n)) },
  });
  socket.setNoDelay(true);
  socket.once('error', (error) => rejectOpen(error));
  socket.once('connect', () => {
    socket.write(
      `GET /?ticket=${encodeURIComponent(ticket)} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nOrigin: http://127.0.0.1:${port}\r\n` +
        `Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
    );
  });

  function read(chunk) {
    if (!open) {
      handshake += chunk.toString('latin1');
      const end = handshake.indexOf('\r\n\r\n');
      if (end < 0) return;
      if (!handshake.startsWith('HTTP/1.1 101')) {
        rejectOpen(new Error(`WebSocket handshake refused: ${handshake.slice(0, handshake.indexOf('\r\n'))}`));
        socket.destroy();
        return;
      }
      open = true;
      const rest = Buffer.from(handshake.slice(end + 4), 'latin1');
      handshake = '';
      resolveOpen();
      if (rest.length > 0) frames(rest);
      return;
    }
    frames(chunk);
  }

  /** Bytes of the WebSocket header (+ our frame header for binary) needed before the payload. */
  function headerNeed() {
    if (headerHave < 2) return 2;
    const len7 = header[1] & 0x7f;
    const base = 2 + (len7 === 126 ? 2 : len7 === 127 ? 8 : 0);
    const op = header[0] & 0x0f;
    // A binary message starts with our frame header: gather it too, to know the kind and offset.
    return op === OPCODE.binary ? base + FRAME_HEADER_BYTES : base;
  }

  function frames(chunk) {
    let at = 0;
    while (at < chunk.length) {
      if (!inPayload) {
        const take = Math.min(headerNeed() - headerHave, chunk.length - at);
        chunk.copy(header, headerHave, at, at + take);
        headerHave += take;
        at += take;
        // The first two bytes tell how many more the header has.
        const need = headerNeed();
        if (headerHave === need) startFrame(need);
        continue;
      }
      const take = Math.min(payloadLeft, chunk.length - at);
      payload(chunk.subarray(at, at + take));
      at += take;
      payloadLeft -= take;
      if (payloadLeft === 0) endFrame();
    }
  }

  function startFrame(headerBytes) {
    opcode = header[0] & 0x0f;
    const len7 = header[1] & 0x7f;
    let length = len7;
    if (len7 === 126) length = header.readUInt16BE(2);
    else if (len7 === 127) length = Number(header.readBigUInt64BE(2));
    if (opcode === OPCODE.binary) {
      const ours = decodeFrame(header.subarray(headerBytes - FRAME_HEADER_BYTES, headerBytes));
      frameKind = ours.kind;
      firstPiece = true;
      length -= FRAME_HEADER_BYTES;
    }
    if (opcode === OPCODE.continuation) throw new Error('fragmented messages are not expected from the daemon');
    headerHave = 0;
    payloadLeft = length;
    inPayload = true;
    if (length > 0) return;
    if (opcode === OPCODE.binary) onFrame(frameKind, header.subarray(0, 0), true);
    endFrame();
  }

  function payload(view) {
    if (opcode === OPCODE.binary) {
      onFrame(frameKind, view, firstPiece);
      firstPiece = false;
    } else text.push(Buffer.from(view));
  }

  function endFrame() {
    inPayload = false;
    const body = Buffer.concat(text);
    text = [];
    if (opcode === OPCODE.text) {
      const message = JSON.parse(body.toString());
      if (message.type === 'ping') send(OPCODE.text, Buffer.from(JSON.stringify({ type: 'pong' })));
      onJson(message);
    } else if (opcode === OPCODE.ping) send(OPCODE.pong, body);
    else if (opcode === OPCODE.close) socket.end();
  }

  function send(op, body) {
    const mask = randomBytes(4);
    const head = body.length < 126 ? Buffer.from([0x80 | op, 0x80 | body.length]) : Buffer.from([0x80 | op, 0x80 | 126, body.length >> 8, body.length & 0xff]);
    if (body.length > 0xffff) throw new Error('message too long for this client');
    const masked = Buffer.allocUnsafe(body.length);
    for (let i = 0; i < body.length; i++) masked[i] = body[i] ^ mask[i & 3];
    socket.write(Buffer.concat([head, mask, masked]));
  }

  const link = {
    sendText: (message) => send(OPCODE.text, Buffer.from(message)),
    /** Stops reading the socket (the kernel's buffers fill, then the daemon's queue for this client). */
    pause: () => socket.pause(),
    terminate: () => socket.destroy(),
    close: () => {
      send(OPCODE.close, Buffer.from([0x03, 0xe8]));
      socket.end();
    },
  };
  return opened.then(() => link);
}
