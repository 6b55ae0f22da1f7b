import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { intentsOf } from '../../src/notifications/messages.js';
import { maskWebhook } from '../../src/notifications/presenter.js';
import { isQuiet, nextChinaTime } from '../../src/notifications/quiet-hours.js';
import { backoffMs } from '../../src/notifications/settings.js';
import { dingtalkSign, dingtalkSignedUrl, popEncode, popSignature } from '../../src/notifications/signing.js';

describe('provider signing', () => {
  it('reproduces the worked example of Aliyun’s SMS signature document', () => {
    const params = {
      AccessKeyId: 'testId',
      Action: 'SendSms',
      Format: 'XML',
      OutId: '123',
      PhoneNumbers: '15300000001',
      RegionId: 'cn-hangzhou',
      SignName: '阿里云短信测试专用',
      SignatureMethod: 'HMAC-SHA1',
      SignatureNonce: '45e25e9b-0a6f-4070-8c85-2956eda1b466',
      SignatureVersion: '1.0',
      TemplateCode: 'SMS_71390007',
      TemplateParam: '{"customer":"test"}',
      Timestamp: '2017-07-12T02:42:19Z',
      Version: '2017-05-25',
    };
    expect(popSignature('GET', params, 'testSecret')).toBe('zJDF+Lrzhj/ThnlvIToysFRq6t4=');
  });

  it('percent-encodes as POP requires: space %20, * %2A, ~ kept', () => {
    expect(popEncode("a b*c~d!'()")).toBe('a%20b%2Ac~d%21%27%28%29');
  });

  it('signs 钉钉 robot URLs with HMAC-SHA256 of "timestamp\\nsecret", base64 then URL-encoded', () => {
    const ts = 1_700_000_000_000;
    const expected = createHmac('sha256', 'SECabc').update(`${ts}\nSECabc`).digest('base64');
    expect(decodeURIComponent(dingtalkSign('SECabc', ts))).toBe(expected);
    const url = new URL(dingtalkSignedUrl('https://oapi.dingtalk.com/robot/send?access_token=t', 'SECabc', ts));
    expect(url.searchParams.get('timestamp')).toBe(String(ts));
    expect(url.searchParams.get('sign')).toBe(expected);
    expect(dingtalkSignedUrl('https://x.test/robot', undefined, ts)).toBe('https://x.test/robot');
  });
});

describe('quiet hours and backoff', () => {
  const night = { start: '22:00', end: '07:00' };
  it('reads the China clock, across midnight', () => {
    expect(isQuiet(new Date('2026-06-01T14:00:00Z'), night)).toBe(true); // 22:00 CST
    expect(isQuiet(new Date('2026-06-01T13:59:00Z'), night)).toBe(false); // 21:59
    expect(isQuiet(new Date('2026-06-01T22:59:00Z'), night)).toBe(true); // 06:59
    expect(isQuiet(new Date('2026-06-01T23:00:00Z'), night)).toBe(false); // 07:00
    expect(isQuiet(new Date('2026-06-01T23:00:00Z'), { start: '07:00', end: '07:00' })).toBe(false);
    expect(nextChinaTime(new Date('2026-06-01T15:00:00Z'), '07:00').toISOString()).toBe('2026-06-01T23:00:00.000Z');
    expect(nextChinaTime(new Date('2026-06-01T20:00:00Z'), '07:00').toISOString()).toBe('2026-06-01T23:00:00.000Z');
    expect(nextChinaTime(new Date('2026-06-01T23:00:00Z'), '07:00').toISOString()).toBe('2026-06-02T23:00:00.000Z');
  });

  it('doubles the retry delay up to its cap', () => {
    const s = { NOTIFY_RETRY_BASE_SECONDS: 30, NOTIFY_RETRY_MAX_SECONDS: 100 };
    expect([1, 2, 3, 4].map((n) => backoffMs(n, s))).toEqual([30_000, 60_000, 100_000, 100_000]);
  });
});

describe('what an event says', () => {
  it('names the category and community, never the need’s title; only urgent needs reach the station', () => {
    const payload = {
      id: 'n1',
      stationCode: '620723101',
      communityCode: '620723101002',
      category: 'meal',
      status: 'open',
      title: '高春梅送餐',
    };
    const base = { type: 'need.created' as const, countyCode: '620723', audience: { stationCodes: ['620723101'] } };
    expect(intentsOf({ ...base, payload: { ...payload, urgency: 'normal' } })).toEqual([]);
    const [intent] = intentsOf({ ...base, payload: { ...payload, urgency: 'critical' } });
    expect(intent).toMatchObject({
      eventKey: 'need.urgent:n1:critical',
      recipient: { kind: 'station', id: '620723101' },
      category: 'meal',
    });
    expect(JSON.stringify(intent)).not.toContain('高春梅');
    expect(intentsOf({ ...base, type: 'need.updated', payload: { ...payload, urgency: 'critical', changed: ['title'] } })).toEqual([]);
  });

  it('masks webhook keys for the console', () => {
    expect(maskWebhook('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa')).toBe(
      'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=****5aaa',
    );
  });
});
