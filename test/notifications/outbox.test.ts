import { Types } from 'mongoose';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Express } from 'express';
import { createApp } from '../../src/app.js';
import { followUpsSettled, publish } from '../../src/events/bus.js';
import type { NeedEventPayload } from '../../src/contracts/events.js';
import type { AnyDomainEvent, TypedDomainEvent } from '../../src/events/types.js';
import { deliverDue } from '../../src/notifications/delivery.js';
import { enqueueExpiringResources } from '../../src/notifications/outbox.js';
import { outbox } from '../../src/notifications/repositories/outbox.js';
import type { NotificationSettings } from '../../src/notifications/settings.js';
import { COMMUNITY, postHousehold, postNeed } from '../community/build.js';
import { testAuth, testLog, useTestDatabase } from '../helpers/db.js';
import { LINZE, buildAdmin, buildCoordinator, buildStations, type SignedIn } from '../helpers/factories.js';
import { buildCharity, buildResource, buildVolunteer, type BuiltVolunteer } from '../helpers/supply-factories.js';
import { DINGTALK_SECRET, SMS_KEY_ID, SMS_KEY_SECRET, startReceivers, type Receivers } from './receiver.js';

useTestDatabase();

const settings: NotificationSettings = {
  NOTIFY_MAX_ATTEMPTS: 3,
  NOTIFY_RETRY_BASE_SECONDS: 10,
  NOTIFY_RETRY_MAX_SECONDS: 3600,
  NOTIFY_DAILY_CAP: 10,
  NOTIFY_KEEP_DAYS: 90,
  NOTIFY_HTTP_TIMEOUT_MS: 5000,
};

// The job's clock, in the future so every item written now is due: 10:00, 23:00 and next 07:00 China time.
const DAY = new Date('2027-06-01T02:00:00Z');
const NIGHT = new Date('2027-06-01T15:00:00Z');
const MORNING = new Date('2027-06-01T23:00:00Z');
const plus = (at: Date, seconds: number) => new Date(at.getTime() + seconds * 1000);

// What must never reach a robot or an SMS: the household's name, phone, address, and the need's free text.
const BENEFICIARY = ['高春梅', '13984541897', '东关街11号楼', '每天中午送餐上门', '腿脚不便'];

let app: Express;
let admin: SignedIn;
let coordinator: SignedIn;
let receivers: Receivers;
let householdId: string;

beforeAll(async () => {
  await buildStations();
  app = createApp({ log: testLog, auth: testAuth });
  admin = await buildAdmin(app);
  coordinator = await buildCoordinator(app, LINZE.shahe);
  receivers = await startReceivers();
  householdId = await postHousehold(app, coordinator);
  const channels = [
    [`/api/notifications/channels/${LINZE.shahe}/wecom`, { webhookUrl: `${receivers.url}/wecom?key=wecom-key` }],
    [
      `/api/notifications/channels/${LINZE.shahe}/dingtalk`,
      { webhookUrl: `${receivers.url}/dingtalk?access_token=ding-token`, secret: DINGTALK_SECRET },
    ],
    [
      `/api/notifications/channels/${LINZE.county}/sms`,
      {
        sms: {
          endpoint: `${receivers.url}/sms`,
          accessKeyId: SMS_KEY_ID,
          accessKeySecret: SMS_KEY_SECRET,
          signName: '临泽县社工站',
          templateCode: 'SMS_000001',
        },
      },
    ],
  ] as const;
  for (const [path, body] of channels) {
    const res = await request(app).put(path).set(admin.auth).send(body);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  }
});

afterAll(async () => {
  await receivers?.close();
});

// The outbox is written after the answer, from the event: the job runs once that work is done.
const deliver = async (at: Date) => {
  await followUpsSettled();
  return deliverDue(at, settings, testLog);
};

function assignmentEvent(type: 'assignment.created' | 'reminder.due', volunteer: BuiltVolunteer, needId: string): AnyDomainEvent {
  const assignmentId = new Types.ObjectId().toHexString();
  const event = { countyCode: LINZE.county, audience: { stationCodes: [LINZE.shahe], volunteerIds: [volunteer.id] } };
  if (type === 'reminder.due') {
    return { ...event, type, payload: { assignmentId, needId, needCategory: 'meal', message: '您有一条待回复的服务任务' } };
  }
  return {
    ...event,
    type,
    payload: {
      assignmentId,
      needId,
      needCategory: 'meal',
      stationCode: LINZE.shahe,
      communityCode: COMMUNITY.shahe,
      candidate: { kind: 'volunteer', id: volunteer.id, name: '测试志愿者' },
      status: 'pending',
    },
  };
}

const assignmentIdOf = (e: AnyDomainEvent) => ('assignmentId' in e.payload ? e.payload.assignmentId : '');

const smsTo = (phone: string) => receivers.received.filter((r) => r.channel === 'sms' && r.body.PhoneNumbers === phone);

describe('channel configuration', () => {
  it('shows the admin each channel with its secrets masked, and refuses other roles and plain http to the internet', async () => {
    const res = await request(app).get('/api/notifications/channels').set(admin.auth);
    expect(res.status).toBe(200);
    expect(res.body.map((c: { kind: string }) => c.kind).sort()).toEqual(['dingtalk', 'sms', 'wecom']);
    const text = JSON.stringify(res.body);
    for (const secret of [DINGTALK_SECRET, 'ding-token', 'wecom-key', SMS_KEY_SECRET, SMS_KEY_ID]) expect(text).not.toContain(secret);
    expect(res.body.find((c: { kind: string }) => c.kind === 'dingtalk').hasSecret).toBe(true);

    expect((await request(app).get('/api/notifications/channels').set(coordinator.auth)).status).toBe(403);
    const plain = await request(app)
      .put(`/api/notifications/channels/${LINZE.pingchuan}/wecom`)
      .set(admin.auth)
      .send({ webhookUrl: 'http://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=x' });
    expect(plain.status).toBe(400);
    const otherCounty = await request(app)
      .put('/api/notifications/channels/620702/wecom')
      .set(admin.auth)
      .send({ webhookUrl: 'https://x.test/' });
    expect(otherCounty.status).toBe(404);
  });
});

describe('the notification outbox', () => {
  it('sends an urgent need to the station robots, signed, naming no beneficiary; a re-published event sends nothing more', async () => {
    const needRes = await request(app)
      .post('/api/needs')
      .set(coordinator.auth)
      .send({
        communityCode: COMMUNITY.shahe,
        householdId,
        category: 'meal',
        title: '每天中午送餐上门',
        description: '高春梅独居，腿脚不便',
        groups: ['独居老人'],
        urgency: 'critical',
        location: { lat: 39.151, lng: 100.162 },
        schedule: { kind: 'recurring', windows: [{ day: 1, start: '11:00', end: '12:30' }] },
        skills: ['送餐'],
        source: 'hotline',
      });
    expect(needRes.status).toBe(201);
    const need = needRes.body as NeedEventPayload;
    const key = `need.urgent:${need.id}:critical`;
    await followUpsSettled();
    expect((await outbox.byEventKey(key)).map((o) => o.channel).sort()).toEqual(['dingtalk', 'wecom']);

    const before = receivers.received.length;
    const counts = await deliver(DAY);
    expect(counts.sent).toBe(2);
    const got = receivers.received.slice(before);
    expect(got.map((r) => r.channel).sort()).toEqual(['dingtalk', 'wecom']);
    expect(got.every((r) => r.signatureValid)).toBe(true);
    for (const r of got) {
      expect(r.text).toContain('东关街社区');
      expect(r.text).toContain('紧急');
      expect(r.text).toContain('助餐');
      for (const secret of BENEFICIARY) expect(r.text).not.toContain(secret);
    }

    // The same event again (a retried request, a replayed job): no new item, no second message.
    const event: TypedDomainEvent<'need.created'> = {
      type: 'need.created',
      countyCode: LINZE.county,
      audience: { stationCodes: [need.stationCode] },
      payload: {
        id: need.id,
        stationCode: need.stationCode,
        communityCode: need.communityCode,
        category: need.category,
        urgency: need.urgency,
        status: need.status,
        title: need.title,
      },
    };
    await publish(event);
    await publish(event);
    await followUpsSettled();
    expect(await outbox.byEventKey(key)).toHaveLength(2);
    expect((await deliver(plus(DAY, 60))).sent).toBe(0);
    expect(receivers.received.length).toBe(before + 2);
  });

  it('retries a failing robot with exponential backoff until it succeeds', async () => {
    receivers.failNext('wecom', 2);
    const needId = await postNeed(app, coordinator, { householdId, urgency: 'high', title: '陪同就医' });
    const item = async () => (await outbox.byEventKey(`need.urgent:${needId}:high`)).find((o) => o.channel === 'wecom')!;
    const t1 = plus(DAY, 120);
    expect(await deliver(t1)).toMatchObject({ sent: 1, failed: 1 }); // dingtalk went, wecom failed
    expect(await item()).toMatchObject({ status: 'pending', attempts: 1 });
    expect((await item()).nextAttemptAt.getTime()).toBe(plus(t1, 10).getTime());
    expect(await deliver(plus(t1, 9))).toMatchObject({ sent: 0, failed: 0 }); // not due yet
    expect(await deliver(plus(t1, 10))).toMatchObject({ failed: 1 });
    expect((await item()).nextAttemptAt.getTime()).toBe(plus(t1, 30).getTime()); // 10 s, then 20 s
    expect(await deliver(plus(t1, 30))).toMatchObject({ sent: 1 });
    expect(await item()).toMatchObject({ status: 'sent', attempts: 3, lastError: null });
  });

  it('makes a dead letter after N failed attempts, listed for the county admin, who retries it', async () => {
    receivers.failNext('wecom', Infinity);
    const needId = await postNeed(app, coordinator, { householdId, urgency: 'critical', title: '送药' });
    const item = async () => (await outbox.byEventKey(`need.urgent:${needId}:critical`)).find((o) => o.channel === 'wecom')!;
    let at = plus(DAY, 600);
    for (let i = 0; i < 3; i++) {
      await deliver(at);
      at = (await item()).nextAttemptAt;
    }
    const dead = await item();
    expect(dead).toMatchObject({ status: 'dead', attempts: 3 });
    expect(dead.lastError).toContain('HTTP 500');
    expect(await deliver(plus(at, 86_400))).toMatchObject({ sent: 0, failed: 0, dead: 0 });

    const list = await request(app).get('/api/notifications/outbox').set(admin.auth);
    expect(list.status).toBe(200);
    expect(list.body.items.map((o: { id: string }) => o.id)).toContain(String(dead._id));
    expect((await request(app).get('/api/notifications/outbox').set(coordinator.auth)).status).toBe(403);

    receivers.heal();
    const retried = await request(app)
      .post(`/api/notifications/outbox/${String(dead._id)}/retry`)
      .set(admin.auth);
    expect(retried.status).toBe(200);
    expect(retried.body.status).toBe('pending');
    expect(await deliver(plus(at, 86_400))).toMatchObject({ sent: 1 });
    expect(await item()).toMatchObject({ status: 'sent', attempts: 4 });
    const again = await request(app)
      .post(`/api/notifications/outbox/${String(dead._id)}/retry`)
      .set(admin.auth);
    expect(again.status).toBe(409);
  });
});

describe('SMS to a person', () => {
  let volunteer: BuiltVolunteer;
  let normalNeed: string;
  let criticalNeed: string;

  beforeAll(async () => {
    volunteer = await buildVolunteer(app);
    normalNeed = await postNeed(app, coordinator, { householdId, urgency: 'normal', title: '打扫卫生' });
    criticalNeed = await postNeed(app, coordinator, { householdId, urgency: 'critical', title: '紧急送医' });
    await deliver(plus(DAY, 1000)); // the station robots' messages of these needs
  });

  it('sends a new assignment by SMS with a valid Aliyun signature, to the volunteer’s phone, naming no beneficiary', async () => {
    await publish(assignmentEvent('assignment.created', volunteer, normalNeed));
    expect((await deliver(plus(DAY, 1100))).sent).toBe(1);
    const [sms] = smsTo(volunteer.phone);
    expect(sms!.signatureValid).toBe(true);
    expect(sms!.body).toMatchObject({ Action: 'SendSms', SignName: '临泽县社工站', TemplateCode: 'SMS_000001', Version: '2017-05-25' });
    const params = JSON.parse(String(sms!.body.TemplateParam)) as Record<string, string>;
    expect(params).toMatchObject({ category: '助餐/送餐', village: '东关街社区', urgency: '一般' });
    for (const secret of BENEFICIARY) expect(sms!.text).not.toContain(secret);
  });

  it('queues an SMS for the volunteer when a coordinator assigns through the API', async () => {
    const assigned = await request(app)
      .post('/api/assignments')
      .set(coordinator.auth)
      .send({ needId: normalNeed, candidate: { kind: 'volunteer', id: volunteer.id } });
    expect(assigned.status, JSON.stringify(assigned.body)).toBe(201);
    await followUpsSettled();
    const items = await outbox.byEventKey(`assignment.created:${String(assigned.body.id)}`);
    expect(items).toEqual([
      expect.objectContaining({ channel: 'sms', recipientKind: 'volunteer', recipientId: volunteer.id, status: 'pending' }),
    ]);
    expect((await deliver(plus(DAY, 1200))).sent).toBe(1);
  });

  it('defers a non-urgent SMS through quiet hours to 07:00, but sends an urgent one at night', async () => {
    const sentBefore = smsTo(volunteer.phone).length;
    const quiet = assignmentEvent('assignment.created', volunteer, normalNeed);
    const urgent = assignmentEvent('reminder.due', volunteer, criticalNeed);
    await publish(quiet);
    await publish(urgent);
    const counts = await deliver(NIGHT);
    expect(counts).toMatchObject({ sent: 1, deferred: 1 });
    const [deferred] = await outbox.byEventKey(`assignment.created:${assignmentIdOf(quiet)}`);
    expect(deferred).toMatchObject({ status: 'pending', deferredReason: 'quiet_hours', attempts: 0 });
    expect(deferred!.nextAttemptAt.toISOString()).toBe(MORNING.toISOString());
    const [urgentItem] = await outbox.byEventKey(`reminder.due:${assignmentIdOf(urgent)}`);
    expect(urgentItem).toMatchObject({ status: 'sent', urgent: true });
    expect(smsTo(volunteer.phone).length).toBe(sentBefore + 1);

    expect((await deliver(plus(MORNING, -60))).sent).toBe(0);
    expect((await deliver(MORNING)).sent).toBe(1);
    expect(smsTo(volunteer.phone).length).toBe(sentBefore + 2);
  });

  it('tells a charity once, by SMS, that a resource expires within three days', async () => {
    const charity = await buildCharity(app);
    const soon = await buildResource(app, charity, { expiresAt: new Date(Date.now() + 2 * 86_400_000).toISOString() });
    await buildResource(app, charity, { expiresAt: new Date(Date.now() + 10 * 86_400_000).toISOString(), title: '冬衣' });
    expect(await enqueueExpiringResources(new Date())).toBeGreaterThanOrEqual(1);
    expect(await enqueueExpiringResources(new Date())).toBe(0);
    const items = await outbox.byEventKey(`resource.expiring:${soon.id}`);
    expect(items).toEqual([expect.objectContaining({ channel: 'sms', recipientKind: 'charity', recipientId: charity.id })]);
    await deliver(plus(MORNING, 1800));
    const [sms] = smsTo(charity.username);
    expect(sms!.signatureValid).toBe(true);
    expect(JSON.parse(String(sms!.body.TemplateParam))).toMatchObject({ category: '物资援助' });
  });

  it('respects the person’s switch and daily cap', async () => {
    const other = await buildVolunteer(app);
    const off = await request(app).put('/api/notifications/preferences/me').set(other.auth).send({ sms: false });
    expect(off.status).toBe(200);
    const e1 = assignmentEvent('assignment.created', other, normalNeed);
    await publish(e1);
    expect((await deliver(plus(MORNING, 3600))).suppressed).toBe(1);
    expect(smsTo(other.phone)).toHaveLength(0);

    const on = await request(app).put('/api/notifications/preferences/me').set(other.auth).send({ sms: true, dailyCap: 1 });
    expect(on.body).toMatchObject({ sms: true, dailyCap: 1, quietHours: { start: '22:00', end: '07:00' } });
    await publish(assignmentEvent('assignment.created', other, normalNeed));
    await publish(assignmentEvent('assignment.created', other, normalNeed));
    const counts = await deliver(plus(MORNING, 7200));
    expect(counts).toMatchObject({ sent: 1, deferred: 1 });
    expect(smsTo(other.phone)).toHaveLength(1);
    expect((await request(app).get('/api/notifications/preferences/me').set(admin.auth)).status).toBe(403);
  });
});

describe('outbox housekeeping', () => {
  it('deletes sent items past the keeping period, and keeps dead letters for the admin', async () => {
    const dead = (await request(app).get('/api/notifications/outbox').set(admin.auth)).body.items.length;
    const sent = (await request(app).get('/api/notifications/outbox').query({ status: 'sent', limit: 200 }).set(admin.auth)).body.items
      .length;
    expect(sent).toBeGreaterThan(0);
    expect(await outbox.purgeFinishedBefore(new Date(Date.now() - 86_400_000))).toBe(0);
    expect(await outbox.purgeFinishedBefore(new Date(Date.now() + 60_000))).toBeGreaterThanOrEqual(sent);
    expect((await request(app).get('/api/notifications/outbox').query({ status: 'sent' }).set(admin.auth)).body.items).toHaveLength(0);
    expect((await request(app).get('/api/notifications/outbox').set(admin.auth)).body.items.length).toBe(dead);
  });
});
