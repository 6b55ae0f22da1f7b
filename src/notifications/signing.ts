import { createHmac, randomUUID } from 'node:crypto';

/**
 * Request signing of the notification providers, as their documents describe it. Pure functions, so
 * the local receivers in the tests verify with the same formulas written independently.
 */

/**
 * 钉钉 group robot "加签": sign = urlEncode(base64(HMAC-SHA256(secret, timestamp + "\n" + secret))),
 * sent with the timestamp (ms) as query parameters of the webhook URL.
 */
export function dingtalkSign(secret: string, timestampMs: number): string {
  const digest = createHmac('sha256', secret).update(`${timestampMs}\n${secret}`, 'utf8').digest('base64');
  return encodeURIComponent(digest);
}

/** The webhook URL with `timestamp` and `sign` appended (the robot rejects a timestamp older than one hour). */
export function dingtalkSignedUrl(webhookUrl: string, secret: string | undefined, timestampMs: number): string {
  if (!secret) return webhookUrl;
  const sep = webhookUrl.includes('?') ? '&' : '?';
  return `${webhookUrl}${sep}timestamp=${timestampMs}&sign=${dingtalkSign(secret, timestampMs)}`;
}

/**
 * Aliyun POP (RPC style) percent-encoding: RFC 3986, unreserved characters (A-Z a-z 0-9 - _ . ~) kept,
 * everything else encoded as %XY in upper case; a space is %20, never "+".
 */
export function popEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The canonicalised query string: parameters sorted by name, each `encode(name)=encode(value)`, joined by `&`. */
export function popCanonicalQuery(params: Record<string, string>): string {
  return Object.keys(params)
    .sort()
    .map((k) => `${popEncode(k)}=${popEncode(params[k]!)}`)
    .join('&');
}

/**
 * Aliyun signature version 1.0: StringToSign = METHOD + "&" + encode("/") + "&" + encode(canonicalQuery);
 * Signature = base64(HMAC-SHA1(AccessKeySecret + "&", StringToSign)).
 */
export function popSignature(method: 'GET' | 'POST', params: Record<string, string>, accessKeySecret: string): string {
  const stringToSign = `${method}&${popEncode('/')}&${popEncode(popCanonicalQuery(params))}`;
  return createHmac('sha1', `${accessKeySecret}&`).update(stringToSign, 'utf8').digest('base64');
}

/** Aliyun's ISO 8601 UTC timestamp without milliseconds: 2026-01-02T03:04:05Z. */
export function popTimestamp(at: Date): string {
  return at.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** What an Aliyun SendSms call needs (dysmsapi 2017-05-25). */
export interface AliyunSmsRequest {
  accessKeyId: string;
  accessKeySecret: string;
  phoneNumbers: string;
  signName: string;
  templateCode: string;
  templateParam: Record<string, string>;
  /** Our outbox id: Aliyun echoes OutId in delivery receipts. */
  outId?: string;
  at: Date;
  nonce?: string;
}

/** The full signed query string of a SendSms GET request (Signature included). */
export function aliyunSendSmsQuery(req: AliyunSmsRequest): string {
  const params: Record<string, string> = {
    AccessKeyId: req.accessKeyId,
    Action: 'SendSms',
    Format: 'JSON',
    PhoneNumbers: req.phoneNumbers,
    RegionId: 'cn-hangzhou',
    SignName: req.signName,
    SignatureMethod: 'HMAC-SHA1',
    SignatureNonce: req.nonce ?? randomUUID(),
    SignatureVersion: '1.0',
    TemplateCode: req.templateCode,
    TemplateParam: JSON.stringify(req.templateParam),
    Timestamp: popTimestamp(req.at),
    Version: '2017-05-25',
  };
  if (req.outId) params.OutId = req.outId;
  const signature = popSignature('GET', params, req.accessKeySecret);
  return `Signature=${popEncode(signature)}&${popCanonicalQuery(params)}`;
}
