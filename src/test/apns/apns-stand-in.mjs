// A local stand-in for the APNs provider API (api.push.apple.com), for Pushgate's tests and benchmark. It shares no
// code with Pushgate: Node's own HTTP/2 server and crypto check what the gateway sends, the way APNs documents it.
//
//   node apns-stand-in.mjs --cert cert.pem --key key.pem --jwt-key apns-public.pem --team-id TEAM123456 \
//       --key-id KEY1234567 --topics com.example.app[,...] [--port 0] [--max-streams 100] [--record 10000]
//       [--throttle true]
//
// It speaks only HTTP/2 over TLS (ALPN h2; no HTTP/1.1, no cleartext), and checks every request as APNs would:
//   POST /3/device/<64+ hex digits>; `authorization: bearer <JWT>` (header alg ES256 and kid = --key-id, claims
//   iss = --team-id and iat within the last hour, its signature verified against --jwt-key with crypto.verify);
//   apns-topic one of --topics; apns-push-type one of APNs' types; apns-priority 1, 5 or 10; apns-expiration an
//   integer; apns-id a UUID; apns-collapse-id at most 64 bytes; a JSON object body of 1-4096 bytes with an `aps`
//   object. A request failing a check gets APNs' documented answer ({"reason": ...}) and, unless it is a token
//   the `expire` command marked or a device token shorter than 64 digits, is counted as a violation: Pushgate
//   should never send one.
//
// Then, by the device token's first four hex digits, the answer a test asks for:
//   0410 -> 410 Unregistered (with a timestamp)        0400 -> 400 BadDeviceToken
//   0401 -> 400 DeviceTokenNotForTopic                  0402 -> 400 TopicDisallowed (a final 4xx)
//   0429 -> 429 TooManyRequests, then 200 for that token (a retry)
//   0500 -> 500 InternalServerError, then 200 for that token
//   0503 -> 503 ServiceUnavailable, always
//   0007 -> the stream reset with REFUSED_STREAM (not processed), always
//   anything else -> 200 with apns-id (the request's, else a new UUID)
// A token marked expired (the `expire` command) is answered 403 ExpiredProviderToken, like a token over an hour old.
//
// With --throttle true it also moves MAX_CONCURRENT_STREAMS as APNs is seen to (pushy #486 and #732, apnotic #31):
// a new connection may open 1 stream until a notification is accepted, then --max-streams; any refusal drops the
// connection back to 1 until the next accepted one. Streams beyond a lowered limit are refused (RST_STREAM).
//
// stdout: one JSON line {"listening": <port>} once it listens, then one JSON line per command read on stdin:
//   stats    -> {"connections", "openConnections", "streams", "maxConcurrentStreams" (the most streams open at once
//               on one connection), "alpn" (protocols negotiated), "tokens" (distinct JWTs seen), "settingsSent"
//               (stream limits changed by --throttle), "cpuMicros" (this process's CPU time so far),
//               "answers" ({status: count}), "violations" (the first 20 descriptions), "violationCount"}
//   requests -> {"requests": [{"path", "headers" (apns-* only), "body", "status", "reason"}...]} (at most --record)
//   expire   -> {"expired": <JWTs marked>}: every JWT seen so far is answered ExpiredProviderToken from now on
// It exits when stdin closes, so it never outlives the test that started it.
import http2 from 'node:http2';
import crypto from 'node:crypto';
import fs from 'node:fs';
import readline from 'node:readline';

const args = {port: '0', 'max-streams': '100', record: '10000', throttle: 'false'};
for (let i = 2; i < process.argv.length; i += 2) {
  args[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
}
for (const required of ['cert', 'key', 'jwt-key', 'team-id', 'key-id', 'topics']) {
  if (!args[required]) {
    console.error(`missing --${required}`);
    process.exit(2);
  }
}
const jwtKey = crypto.createPublicKey(fs.readFileSync(args['jwt-key']));
const topics = new Set(args.topics.split(','));
const record = Number(args.record);
const maxStreams = Number(args['max-streams']);
const throttle = args.throttle === 'true';
const PUSH_TYPES = new Set(['alert', 'background', 'location', 'voip', 'complication', 'fileprovider', 'mdm',
  'liveactivity', 'pushtotalk', 'widgets', 'controls']);
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const PATH = /^\/3\/device\/([0-9a-fA-F]+)$/;

const stats = {connections: 0, openConnections: 0, streams: 0, maxConcurrentStreams: 0, alpn: {}, answers: {},
  violationCount: 0, violations: [], settingsSent: 0};
const tokens = new Map();       // JWT -> {refused: the reason it is refused, or null; iat}
const expired = new Set();      // JWTs the `expire` command marked
const answeredOnce = new Set(); // device tokens whose first answer was an error that a retry gets past
const requests = [];

function violation(text) {
  stats.violationCount++;
  if (stats.violations.length < 20) {
    stats.violations.push(text);
  }
}

function checkToken(authorization) {
  if (!authorization || !authorization.startsWith('bearer ')) {
    return 'MissingProviderToken';
  }
  const jwt = authorization.slice('bearer '.length);
  let token = tokens.get(jwt);
  if (token === undefined) {
    // Verified once, as APNs caches a token it has checked; its age is checked on every request.
    token = verifyJwt(jwt);
    tokens.set(jwt, token);
  }
  if (token.refused) {
    return token.refused;
  }
  return expired.has(jwt) || Date.now() / 1000 - token.iat > 3600 ? 'ExpiredProviderToken' : null;
}

function verifyJwt(jwt) {
  const refused = {refused: 'InvalidProviderToken', iat: 0};
  const parts = jwt.split('.');
  if (parts.length !== 3) {
    return refused;
  }
  let header;
  let claims;
  try {
    header = JSON.parse(Buffer.from(parts[0], 'base64url'));
    claims = JSON.parse(Buffer.from(parts[1], 'base64url'));
  } catch (notJson) {
    return refused;
  }
  if (header.alg !== 'ES256' || header.kid !== args['key-id'] || claims.iss !== args['team-id']
      || !Number.isInteger(claims.iat) || claims.iat > Date.now() / 1000 + 60) {
    return refused;
  }
  const signed = crypto.verify('sha256', Buffer.from(parts[0] + '.' + parts[1]),
      {key: jwtKey, dsaEncoding: 'ieee-p1363'}, Buffer.from(parts[2], 'base64url'));
  return signed ? {refused: null, iat: claims.iat} : refused;
}

/** The documented refusal of a request APNs would not take, or null. */
function checkRequest(headers, body) {
  if (headers[':method'] !== 'POST') {
    return [405, 'MethodNotAllowed'];
  }
  const path = PATH.exec(headers[':path']);
  if (!path) {
    return [404, 'BadPath'];
  }
  if (path[1].length < 64) {
    return [400, 'BadDeviceToken'];
  }
  const token = checkToken(headers.authorization);
  if (token) {
    return [403, token];
  }
  if (!headers['apns-topic']) {
    return [400, 'MissingTopic'];
  }
  if (!topics.has(headers['apns-topic'])) {
    return [400, 'TopicDisallowed'];
  }
  if (!PUSH_TYPES.has(headers['apns-push-type'])) {
    return [400, 'InvalidPushType'];
  }
  if (headers['apns-priority'] !== undefined && !['1', '5', '10'].includes(headers['apns-priority'])) {
    return [400, 'BadPriority'];
  }
  if (headers['apns-expiration'] !== undefined && !/^\d+$/.test(headers['apns-expiration'])) {
    return [400, 'BadExpirationDate'];
  }
  if (headers['apns-id'] !== undefined && !UUID.test(headers['apns-id'])) {
    return [400, 'BadMessageId'];
  }
  if (headers['apns-collapse-id'] !== undefined && Buffer.byteLength(headers['apns-collapse-id']) > 64) {
    return [400, 'BadCollapseId'];
  }
  if (body.length === 0) {
    return [400, 'PayloadEmpty'];
  }
  if (body.length > 4096) {
    return [413, 'PayloadTooLarge'];
  }
  let payload;
  try {
    payload = JSON.parse(body.toString('utf8'));
  } catch (notJson) {
    payload = null;
  }
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)
      || typeof payload.aps !== 'object' || payload.aps === null || Array.isArray(payload.aps)) {
    // APNs documents no reason for this one; the stand-in's own word.
    return [400, 'BadPayload'];
  }
  return null;
}

/** The answer a test asked for with the device token's first four hex digits, or null for 200. */
function asked(deviceToken) {
  const prefix = deviceToken.slice(0, 4);
  const once = (status, reason) => {
    if (answeredOnce.has(deviceToken)) {
      return null;
    }
    answeredOnce.add(deviceToken);
    return [status, reason];
  };
  switch (prefix) {
    case '0410': return [410, 'Unregistered'];
    case '0400': return [400, 'BadDeviceToken'];
    case '0401': return [400, 'DeviceTokenNotForTopic'];
    case '0402': return [400, 'TopicDisallowed'];
    case '0429': return once(429, 'TooManyRequests');
    case '0500': return once(500, 'InternalServerError');
    case '0503': return [503, 'ServiceUnavailable'];
    default: return null;
  }
}

function answer(stream, headers, body) {
  const refused = checkRequest(headers, body);
  // A token the `expire` command marked, and a device token too short, are the only refusals a test asks for.
  if (refused && refused[1] !== 'ExpiredProviderToken' && refused[1] !== 'BadDeviceToken') {
    violation(`${headers[':path']}: ${refused[1]}`);
  }
  const deviceToken = (PATH.exec(headers[':path']) || [])[1] || '';
  if (!refused && deviceToken.startsWith('0007')) {
    stats.answers.refused = (stats.answers.refused || 0) + 1;
    stream.close(http2.constants.NGHTTP2_REFUSED_STREAM);
    return;
  }
  const [status, reason] = refused || asked(deviceToken) || [200, null];
  stats.answers[status] = (stats.answers[status] || 0) + 1;
  if (requests.length < record) {
    const apns = {};
    for (const [name, value] of Object.entries(headers)) {
      if (name.startsWith('apns-')) {
        apns[name] = value;
      }
    }
    let parsed = null;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch (notJson) {
      parsed = body.toString('utf8');
    }
    requests.push({path: headers[':path'], headers: apns, body: parsed, status, reason,
      bearer: headers.authorization || null});
  }
  if (throttle && !stream.session.destroyed) {
    limitStreams(stream.session, status === 200 ? maxStreams : 1);
  }
  if (stream.destroyed) {
    return;
  }
  const apnsId = headers['apns-id'] && UUID.test(headers['apns-id']) ? headers['apns-id'] : crypto.randomUUID();
  if (status === 200) {
    stream.respond({':status': 200, 'apns-id': apnsId});
    stream.end();
    return;
  }
  const answerBody = {reason};
  if (status === 410) {
    answerBody.timestamp = Date.now();
  }
  stream.respond({':status': status, 'apns-id': apnsId, 'content-type': 'application/json'});
  stream.end(JSON.stringify(answerBody));
}

/** Sends a SETTINGS frame with the connection's new stream limit, when it changes. */
function limitStreams(session, limit) {
  if (session.streamLimit !== limit) {
    session.streamLimit = limit;
    stats.settingsSent++;
    session.settings({maxConcurrentStreams: limit});
  }
}

const server = http2.createSecureServer({
  cert: fs.readFileSync(args.cert),
  key: fs.readFileSync(args.key),
  allowHTTP1: false,
  settings: {maxConcurrentStreams: throttle ? 1 : maxStreams},
});
server.on('session', session => {
  stats.connections++;
  stats.openConnections++;
  let open = 0;
  session.streamLimit = throttle ? 1 : maxStreams;
  session.on('stream', stream => {
    stats.streams++;
    open++;
    stats.maxConcurrentStreams = Math.max(stats.maxConcurrentStreams, open);
    stream.on('close', () => open--);
  });
  session.on('close', () => stats.openConnections--);
  session.on('error', () => {});
  const protocol = session.alpnProtocol || 'none';
  stats.alpn[protocol] = (stats.alpn[protocol] || 0) + 1;
});
server.on('stream', (stream, headers) => {
  const chunks = [];
  let size = 0;
  stream.on('data', chunk => {
    size += chunk.length;
    // Past twice the limit, nothing more is kept: the answer is 413 whatever follows.
    if (size <= 8192) {
      chunks.push(chunk);
    }
  });
  stream.on('end', () => answer(stream, headers, size > 8192 ? Buffer.alloc(4097) : Buffer.concat(chunks)));
  stream.on('error', () => {});
});
server.on('unknownProtocol', socket => {
  stats.alpn.refused = (stats.alpn.refused || 0) + 1;
  socket.destroy();
});
server.listen(Number(args.port), '127.0.0.1', () => {
  process.stdout.write(JSON.stringify({listening: server.address().port}) + '\n');
});

readline.createInterface({input: process.stdin}).on('line', line => {
  const command = line.trim();
  let reply;
  if (command === 'stats') {
    const cpu = process.cpuUsage();
    reply = {stats: {...stats, tokens: tokens.size, cpuMicros: cpu.user + cpu.system}};
  } else if (command === 'requests') {
    reply = {requests};
  } else if (command === 'expire') {
    for (const jwt of tokens.keys()) {
      expired.add(jwt);
    }
    reply = {expired: expired.size};
  } else {
    reply = {error: `unknown command '${command}'`};
  }
  process.stdout.write(JSON.stringify(reply) + '\n');
}).on('close', () => process.exit(0));
