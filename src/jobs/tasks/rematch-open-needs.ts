import { NeedModel } from '../../needs/model.js';
import { rematchStation } from '../../matching/service.js';
import { trusted } from '../../shared/model.js';
import { systemActor } from '../system-actor.js';
import type { ScheduledTaskDefinition } from '../task.js';

/** Every hour, re-matches each station's open needs and proposes the batch allocation to coordinators. */
export const rematchOpenNeedsTask: ScheduledTaskDefinition = {
  name: 'rematch-open-needs',
  description: '每小时为各站待匹配需求重新匹配：达到本站门槛的自动指派，其余推荐给社工',
  schedule: '5 * * * *',
  async run({ now }) {
    const stations = await NeedModel.aggregate<{ _id: { countyCode: string; stationCode: string } }>([
      { $match: { status: trusted({ $in: ['open', 'matching'] }) } },
      { $group: { _id: { countyCode: '$countyCode', stationCode: '$stationCode' } } },
    ]);
    let needs = 0;
    let proposed = 0;
    let autoAssigned = 0;
    for (const { _id } of stations) {
      const r = await rematchStation({
        scope: { kind: 'county', countyCode: _id.countyCode },
        stationCode: _id.stationCode,
        now,
        actor: systemActor(_id.countyCode),
      });
      needs += r.needs;
      proposed += r.proposed;
      autoAssigned += r.autoAssigned;
    }
    return { stations: stations.length, needs, proposed, autoAssigned };
  },
};
