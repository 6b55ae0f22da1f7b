import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose, { Schema } from 'mongoose';

import { describe, expect, inject, it } from 'vitest';
import { startFerretdb } from '../../src/db/ferretdb.js';
import { provisionDatabase } from '../../src/db/provision.js';
import { testLog, useTestDatabase } from '../helpers/db.js';

useTestDatabase();
const { MongoClient } = mongoose.mongo;

const Probe = mongoose.model(
  'Probe',
  new Schema({ title: { type: String, required: true }, count: Number }, { lean: true, strictQuery: 'throw' }),
);

describe('the real database', () => {
  it('round-trips a document through mongoose', async () => {
    await Probe.createCollection();
    const created = await Probe.create({ title: '助餐', count: 3 });
    const found = await Probe.findById(created._id);
    expect(found).toMatchObject({ title: '助餐', count: 3 });
    expect(found).not.toBeInstanceOf(mongoose.Document); // lean by default
  });

  it('when a filter names an unknown field, the query throws instead of matching everything', async () => {
    await expect(Probe.find({ titel: '助餐' } as Record<string, unknown>)).rejects.toThrow(/titel/);
  });

  it('when a filter smuggles an operator, sanitizeFilter turns it into a literal that cannot match everything', async () => {
    await Probe.create({ title: '陪诊', count: 1 });
    const hostile = JSON.parse('{"title": {"$ne": "nothing"}}');
    // Wrapped in $eq, the object no longer casts to a string: the query is refused (a 400 in the API).
    await expect(Probe.find(hostile)).rejects.toThrow(/Cast to string failed/);
    const countHostile = JSON.parse('{"count": {"$gt": 0}}');
    await expect(Probe.find(countHostile)).rejects.toThrow(/Cast to Number failed/);
  });

  it('when MONGODB_URI is set, provisioning uses it as is and starts nothing', async () => {
    const db = await provisionDatabase({ mongodbUri: 'mongodb://example.invalid:27017/x', dataDir: '/nonexistent', log: testLog });
    expect(db).toMatchObject({ uri: 'mongodb://example.invalid:27017/x', source: 'env' });
  });
});

describe('the local FerretDB', () => {
  it('after a restart on the same data directory, the data written before is still there', async () => {
    const bin = inject('ferretdbBin');
    expect(bin, 'FerretDB binary is built by the test setup').toBeTruthy();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wushe-restart-'));
    try {
      const first = await startFerretdb({ bin, dataDir: dir, log: testLog });
      let client = await MongoClient.connect(first.uri);
      await client.db('keep').collection('needs').insertOne({ title: '送餐上门' });
      await client.close();
      await first.stop();

      const second = await startFerretdb({ bin, dataDir: dir, log: testLog });
      client = await MongoClient.connect(second.uri);
      const doc = await client.db('keep').collection('needs').findOne({ title: '送餐上门' });
      await client.close();
      await second.stop();
      expect(doc?.title).toBe('送餐上门');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
