import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';

/**
 * Local stand-ins for the providers (企业微信 and 钉钉 group robots, Aliyun SMS) on 127.0.0.1. Each
 * checks what the real service checks, written out here from the providers' documents rather than
 * imported from the code under test: 钉钉's `sign`, Aliyun's POP signature, the JSON message shapes.
 */
export interface Received {
  channel: 'wecom' | 'dingtalk' | 'sms';
  /** The robot message body, or the SMS request's query parameters. */
  body: Record<string, unknown>;
  signatureValid: boolean;
  /** All text that would reach people. */
  text: string;
}

export interface Receivers {
  url: string;
  received: Received[];
  /** The next `n` calls to a channel answer HTTP 500 (n = Infinity: until `heal`). */
  failNext(channel: Received['channel'], n: number): void;
  heal(): void;
  close(): Promise<void>;
}

export const DINGTALK_SECRET = 'SECtest0123456789abcdef';
export const SMS_KEY_ID = 'LTAItestkeyid';
export const SMS_KEY_SECRET = 'testsecret-abcdef';

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (data += c));
    req.on('end', () => resolve(data));
    req.on('error', reject);
  });
}

/** RFC 3986 encoding as Aliyun documents it (space → %20, * → %2A, ~ kept). */
const aliyunEncode = (s: string) =>
  encodeURIComponent(s)
    .replace(/\+/g, '%20')
    .replace(/\*/g, '%2A')
    .replace(/%7E/g, '~')
    .replace(/!/g, '%21')
    .replace(/'/g, '%27')
    .replace(/\(/g, '%28')
    .replace(/\)/g, '%29');

function verifyAliyun(params: URLSearchParams): boolean {
  const signature = params.get('Signature');
  if (!signature || params.get('AccessKeyId') !== SMS_KEY_ID || params.get('SignatureMethod') !== 'HMAC-SHA1') return false;
  const pairs = [...params.entries()].filter(([k]) => k !== 'Signature').sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const canonical = pairs.map(([k, v]) => `${aliyunEncode(k)}=${aliyunEncode(v)}`).join('&');
  const stringToSign = `GET&${aliyunEncode('/')}&${aliyunEncode(canonical)}`;
  const expected = createHmac('sha1', `${SMS_KEY_SECRET}&`).update(stringToSign).digest('base64');
  return expected === signature;
}

function verifyDingtalk(params: URLSearchParams): boolean {
  const timestamp = params.get('timestamp');
  const sign = params.get('sign');
  if (!timestamp || !sign || params.get('access_token') !== 'ding-token') return false;
  // The robot refuses a timestamp more than an hour away from its clock.
  if (Math.abs(Date.now() - Number(timestamp)) > 3_600_000) return false;
  const expected = createHmac('sha256', DINGTALK_SECRET).update(`${timestamp}\n${DINGTALK_SECRET}`).digest('base64');
  return sign === expected;
}

export async function startReceivers(): Promise<Receivers> {
  const received: Received[] = [];
  const failures: Record<Received['channel'], number> = { wecom: 0, dingtalk: 0, sms: 0 };
  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const channel = url.pathname.slice(1) as Received['channel'];
      const raw = await readBody(req);
      if (failures[channel] > 0) {
        failures[channel]--;
        res.writeHead(500).end('provider down');
        return;
      }
      let entry: Received;
      if (channel === 'sms') {
        const params = Object.fromEntries(url.searchParams.entries());
        entry = { channel, body: params, signatureValid: verifyAliyun(url.searchParams), text: params.TemplateParam ?? '' };
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify(
            entry.signatureValid ? { Code: 'OK', Message: 'OK', BizId: '1', RequestId: 'r' } : { Code: 'SignatureDoesNotMatch' },
          ),
        );
      } else {
        const body = JSON.parse(raw) as Record<string, unknown>;
        const valid =
          channel === 'dingtalk'
            ? verifyDingtalk(url.searchParams) &&
              body.msgtype === 'text' &&
              typeof (body.text as { content?: unknown })?.content === 'string'
            : url.searchParams.get('key') === 'wecom-key' &&
              body.msgtype === 'markdown' &&
              typeof (body.markdown as { content?: unknown })?.content === 'string';
        entry = { channel, body, signatureValid: valid, text: raw };
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(valid ? { errcode: 0, errmsg: 'ok' } : { errcode: 310000, errmsg: 'sign not match' }));
      }
      received.push(entry);
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    failNext(channel, n) {
      failures[channel] = n;
    },
    heal() {
      failures.wecom = failures.dingtalk = failures.sms = 0;
    },
    close: () => new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };
}
