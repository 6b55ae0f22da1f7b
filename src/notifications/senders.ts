import type { MessageFields } from './messages.js';
import { renderText } from './messages.js';
import type { ChannelConfigDoc } from './repositories/channels.js';
import { aliyunSendSmsQuery, dingtalkSignedUrl } from './signing.js';

/** A provider refused or could not be reached; the outbox retries it. */
export class DeliveryError extends Error {}

/** Aliyun's documented endpoint for SendSms. */
export const ALIYUN_SMS_ENDPOINT = 'https://dysmsapi.aliyuncs.com/';

async function call(url: string, init: RequestInit, timeoutMs: number): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  } catch (err) {
    throw new DeliveryError(`request failed: ${err instanceof Error ? err.message : String(err)}`);
  }
  const text = await res.text();
  if (!res.ok) throw new DeliveryError(`HTTP ${res.status}: ${text.slice(0, 200)}`);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new DeliveryError(`not JSON: ${text.slice(0, 200)}`);
  }
}

/** Both robots answer {errcode: 0, errmsg: "ok"} on success. */
function checkRobotAnswer(body: unknown): void {
  const answer = body as { errcode?: unknown; errmsg?: unknown } | null;
  if (answer?.errcode !== 0) throw new DeliveryError(`robot refused: ${JSON.stringify(body).slice(0, 200)}`);
}

/** 企业微信 group robot: POST {msgtype: "markdown", markdown: {content}} to the webhook (its key is in the URL). */
export async function sendWecom(config: ChannelConfigDoc, fields: MessageFields, timeoutMs: number): Promise<void> {
  if (!config.webhookUrl) throw new DeliveryError('wecom webhook not configured');
  const content = [
    `**${fields.heading}**`,
    `> 类别：${fields.category}`,
    `> 村(社区)：${fields.village}`,
    `> 紧急程度：${fields.urgency}`,
    `> 时间：${fields.time}`,
  ].join('\n');
  const body = await call(
    config.webhookUrl,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ msgtype: 'markdown', markdown: { content } }),
    },
    timeoutMs,
  );
  checkRobotAnswer(body);
}

/** 钉钉 group robot: POST {msgtype: "text", text: {content}} to the signed webhook URL. */
export async function sendDingtalk(config: ChannelConfigDoc, fields: MessageFields, timeoutMs: number): Promise<void> {
  if (!config.webhookUrl) throw new DeliveryError('dingtalk webhook not configured');
  // Signed with the wall clock, whatever the job's clock: the robot compares the timestamp with its own.
  const url = dingtalkSignedUrl(config.webhookUrl, config.secret ?? undefined, Date.now());
  const body = await call(
    url,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ msgtype: 'text', text: { content: renderText(fields) } }),
    },
    timeoutMs,
  );
  checkRobotAnswer(body);
}

/**
 * Aliyun SMS SendSms (RPC style, signature 1.0, GET). The template's variables are the message fields,
 * so the SMS text is the county's approved template: e.g. `${heading}：${category}，${village}，${urgency}，${time}`.
 */
export async function sendAliyunSms(
  config: ChannelConfigDoc,
  phone: string,
  fields: MessageFields,
  timeoutMs: number,
  outId: string,
): Promise<void> {
  const sms = config.sms;
  if (!sms) throw new DeliveryError('sms not configured');
  const query = aliyunSendSmsQuery({
    accessKeyId: sms.accessKeyId,
    accessKeySecret: sms.accessKeySecret,
    phoneNumbers: phone,
    signName: sms.signName,
    templateCode: sms.templateCode,
    templateParam: { ...fields },
    outId,
    // The wall clock: Aliyun refuses a Timestamp more than 15 minutes from its own.
    at: new Date(),
  });
  const endpoint = sms.endpoint || ALIYUN_SMS_ENDPOINT;
  const body = (await call(`${endpoint}${endpoint.includes('?') ? '&' : '?'}${query}`, { method: 'GET' }, timeoutMs)) as {
    Code?: unknown;
  } | null;
  if (body?.Code !== 'OK') throw new DeliveryError(`sms refused: ${JSON.stringify(body).slice(0, 200)}`);
}
