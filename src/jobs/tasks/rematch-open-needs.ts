import { stationsWithOpenNeeds } from '../../needs/repository.js';
import { rematchStation } from '../../matching/service.js';
import { systemActor } from '../system-actor.js';
import type { ScheduledTaskDefinition } from '../task.js';

/** Every hour, re-matches each station's open needs and proposes the batch allocation to coordinators. */
export const rematchOpenNeedsTask: ScheduledTaskDefinition = {
  name: 'rematch-open-needs',
  description: '每小时为各站待匹配需求重新匹配：达到本站门槛的自动指派，其余推荐给社工',
  schedule: '5 * * * *',
  async run({ now }) {
    const stations = await stationsWithOpenNeeds();
    let needs = 0;
    let proposed = 0;
    let autoAssigned = 0;
    for (const station of stations) {
      const r = await rematchStation({
        scope: { kind: 'county', countyCode: station.countyCode },
        stationCode: station.stationCode,
        now,
        actor: systemActor(station.countyCode),
      });
      needs += r.needs;
      proposed += r.proposed;
      autoAssigned += r.autoAssigned;
    }
    return { stations: stations.length, needs, proposed, autoAssigned };
  },
};
