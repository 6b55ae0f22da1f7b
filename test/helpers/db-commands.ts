import mongoose from 'mongoose';

/** One command the driver sent: its name, collection and filter. */
export interface SentCommand {
  name: string;
  collection: unknown;
  filter: unknown;
}

/** The commands the driver sends while `fn` runs (what a request asked of the database, to assert "no scan"). */
export async function commandsDuring(fn: () => Promise<unknown>): Promise<SentCommand[]> {
  const client = mongoose.connection.getClient();
  const seen: SentCommand[] = [];
  const listener = (e: { commandName: string; command: Record<string, unknown> }) =>
    seen.push({ name: e.commandName, collection: e.command[e.commandName], filter: e.command.filter ?? e.command.query });
  client.on('commandStarted', listener);
  try {
    await fn();
  } finally {
    client.off('commandStarted', listener);
  }
  return seen;
}
