import type { AnyDomainEvent, EventAudience } from './types.js';

/**
 * A probe event for tests and benches: a marker rides in a need event's payload so the receiver can
 * tell which event arrived. It lies outside the payload contract on purpose (the log and live push carry
 * payloads as given); services never publish one, they build events the contract checks.
 */
export function probeEvent(
  countyCode: string,
  audience: EventAudience,
  marker: Record<string, unknown>,
  type: 'need.created' | 'need.updated' = 'need.updated',
): AnyDomainEvent {
  // The one place an event's payload is not checked against EventPayloads: see above.
  return { type, countyCode, audience, payload: marker } as AnyDomainEvent;
}

/** Publishes `count` probes at once (marker `probe: burst-<i>`), spread over the stations; resolves when all are stored. */
export async function publishBurst(
  publish: (e: AnyDomainEvent) => Promise<void>,
  countyCode: string,
  stationCodes: readonly string[],
  count: number,
): Promise<void> {
  await Promise.all(
    Array.from({ length: count }, (_, i) =>
      publish(probeEvent(countyCode, { stationCodes: [stationCodes[i % stationCodes.length]!] }, { probe: `burst-${i}` })),
    ),
  );
}
