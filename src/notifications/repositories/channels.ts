import type { Types } from 'mongoose';
import { defineModel } from '../../shared/model.js';

/** The channels a notification can go out on. */
export const CHANNEL_KINDS = ['wecom', 'dingtalk', 'sms'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

/** Aliyun SMS account of a county or station (dysmsapi SendSms). */
export interface SmsSettings {
  endpoint: string;
  accessKeyId: string;
  accessKeySecret: string;
  signName: string;
  templateCode: string;
}

/**
 * One configured channel of a county (target = the 6-digit county code) or a station (target = its
 * 9-digit code). A station's own configuration wins over the county's. Secrets are stored to be used,
 * never presented in full.
 */
export interface ChannelConfigDoc {
  _id: Types.ObjectId;
  countyCode: string;
  target: string;
  kind: ChannelKind;
  enabled: boolean;
  /** Group robots: the webhook URL, which carries the robot's key or access token. */
  webhookUrl: string | null;
  /** 钉钉 "加签" secret (SEC…), when the robot uses signing. */
  secret: string | null;
  sms: SmsSettings | null;
  updatedBy: string;
  createdAt: Date;
  updatedAt: Date;
}

const ChannelConfigModel = defineModel<ChannelConfigDoc>(
  'NotificationChannel',
  {
    countyCode: { type: String, required: true },
    target: { type: String, required: true },
    kind: { type: String, required: true },
    enabled: { type: Boolean, default: true },
    webhookUrl: { type: String, default: null },
    secret: { type: String, default: null },
    sms: {
      type: { _id: false, endpoint: String, accessKeyId: String, accessKeySecret: String, signName: String, templateCode: String },
      default: null,
    },
    updatedBy: { type: String, required: true },
  },
  [[{ target: 1, kind: 1 }, { unique: true }], [{ countyCode: 1 }]],
);

export type ChannelConfigInput = Pick<ChannelConfigDoc, 'enabled' | 'webhookUrl' | 'secret' | 'sms'>;

/** Channel configurations, by county and target. */
export const channelConfigs = {
  /** Creates or replaces the configuration of one channel of a target. */
  async upsert(countyCode: string, target: string, kind: ChannelKind, input: ChannelConfigInput, by: string): Promise<ChannelConfigDoc> {
    const doc = await ChannelConfigModel.findOneAndUpdate(
      { target, kind },
      { $set: { ...input, countyCode, updatedBy: by } },
      { upsert: true, returnDocument: 'after', runValidators: true },
    ).lean<ChannelConfigDoc>();
    return doc!;
  },

  async get(target: string, kind: ChannelKind): Promise<ChannelConfigDoc | null> {
    return ChannelConfigModel.findOne({ target, kind }).lean<ChannelConfigDoc>();
  },

  async listForCounty(countyCode: string): Promise<ChannelConfigDoc[]> {
    return ChannelConfigModel.find({ countyCode }).sort({ target: 1, kind: 1 }).lean<ChannelConfigDoc[]>();
  },

  async remove(target: string, kind: ChannelKind): Promise<boolean> {
    const res = await ChannelConfigModel.deleteOne({ target, kind });
    return res.deletedCount === 1;
  },

  /** The enabled configuration that applies: the station's own, else the county's. */
  async resolve(countyCode: string, stationCode: string | null, kind: ChannelKind): Promise<ChannelConfigDoc | null> {
    if (stationCode) {
      const own = await ChannelConfigModel.findOne({ target: stationCode, kind }).lean<ChannelConfigDoc>();
      if (own) return own.enabled ? own : null;
    }
    const county = await ChannelConfigModel.findOne({ target: countyCode, kind }).lean<ChannelConfigDoc>();
    return county?.enabled ? county : null;
  },
};
