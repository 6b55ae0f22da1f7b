import { describe, expect, it } from 'vitest';
import { publish } from '../../src/events/bus.js';
import { probeEvent } from '../../src/events/probe.js';
import { StationModel } from '../../src/stations/model.js';
import { eventually, useTestDatabase } from '../helpers/db.js';
import { LINZE, buildAdmin, buildCoordinator, buildUser } from '../helpers/factories.js';
import { connectClient, useLiveServer, type LiveClient } from '../helpers/server.js';

useTestDatabase();
const live = useLiveServer();
const client = (token: string, since?: Record<string, number>) => live.connect(token, since);

const needEvent = (stationCode: string, n: number) =>
  publish(probeEvent(LINZE.county, { stationCodes: [stationCode] }, { n }, 'need.created'));

describe('socket handshake', () => {
  it('when there is no token or a bad one, the connection is refused', async () => {
    await expect(connectClient(live.server.url, undefined)).rejects.toThrow(/unauthorized/);
    await expect(connectClient(live.server.url, 'forged.token')).rejects.toThrow(/unauthorized/);
  });

  it('a coordinator is put in its station room and a volunteer in its personal room, by the server', async () => {
    const c = await client((await buildCoordinator(live.server.app, LINZE.pingchuan)).token);
    expect(c.rooms).toEqual([`station:${LINZE.pingchuan}`]);
    const v = await client(
      (await buildUser(live.server.app, { role: 'volunteer', stationCode: LINZE.pingchuan, subjectId: 'vol-1' })).token,
    );
    expect(v.rooms).toEqual(['volunteer:vol-1']);
  });
});

describe('station isolation', () => {
  it('with 5 stations and several clients each, no foreign event ever arrives, and asking to join a foreign room has no effect', async () => {
    const stations = (await StationModel.find({ countyCode: LINZE.county }).sort({ code: 1 }).limit(5)).map((s) => s.code);
    expect(stations).toHaveLength(5);
    const byStation = new Map<string, LiveClient[]>();
    for (const code of stations) {
      const list: LiveClient[] = [];
      for (let i = 0; i < 3; i++) list.push(await client((await buildCoordinator(live.server.app, code)).token));
      byStation.set(code, list);
    }
    const admin = await client((await buildAdmin(live.server.app)).token);
    // Clients of the first station try to get into the second station's room.
    for (const c of byStation.get(stations[0]!)!) c.socket.emit('join', `station:${stations[1]}`);
    for (const c of byStation.get(stations[0]!)!) c.socket.emit('subscribe', { room: `station:${stations[1]}` });

    for (const code of stations) for (let n = 0; n < 4; n++) await needEvent(code, n);

    await eventually(async () => {
      expect(admin.events.filter((e) => e.type === 'need.created')).toHaveLength(20);
      for (const list of byStation.values()) for (const c of list) expect(c.events).toHaveLength(4);
    });
    for (const [code, list] of byStation) {
      for (const c of list) expect(c.events.every((e) => e.room === `station:${code}`)).toBe(true);
    }
  });
});

describe('nothing lost across reconnects', () => {
  it('a client disconnected while 100 events happen reconnects and receives exactly those 100, in order', async () => {
    const coordinator = await buildCoordinator(live.server.app, LINZE.yanuan);
    const first = await client(coordinator.token);
    await needEvent(LINZE.yanuan, -1);
    await eventually(async () => expect(first.events).toHaveLength(1));
    const since = first.lastSeq();
    first.close();

    for (let n = 0; n < 100; n++) await needEvent(LINZE.yanuan, n);

    const again = await client(coordinator.token, since);
    await eventually(async () => expect(again.events).toHaveLength(100));
    expect(again.events.map((e) => e.payload.n)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    const seqs = again.events.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(again.events.map((e) => e.id)).size).toBe(100);
  });

  it('events that arrive live while catch-up runs are delivered once, after the missed ones', async () => {
    const coordinator = await buildCoordinator(live.server.app, LINZE.shahe);
    const first = await client(coordinator.token);
    const since = first.lastSeq();
    first.close();
    for (let n = 0; n < 30; n++) await needEvent(LINZE.shahe, n);
    const again = client(coordinator.token, since);
    const liveEvents = Promise.all(Array.from({ length: 20 }, (_, i) => needEvent(LINZE.shahe, 30 + i)));
    const c = await again;
    await liveEvents;
    await eventually(async () => expect(c.events).toHaveLength(50));
    const seqs = c.events.map((e) => e.seq);
    expect(seqs).toEqual([...new Set(seqs)].sort((a, b) => a - b));
  });
});
