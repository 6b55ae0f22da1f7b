import mongoose, { Schema, type SchemaDefinition } from 'mongoose';

/**
 * Defines a mongoose model with the project's defaults: lean reads, timestamps, no version key,
 * and strictQuery 'throw' so a misspelt filter field raises. Re-defining (tests, hot reload) reuses the model.
 */
export function defineModel<T>(
  name: string,
  definition: SchemaDefinition,
  indexes: Array<[Record<string, 1 | -1>, { unique?: boolean }?]> = [],
) {
  const schema = new Schema<T>(definition, {
    lean: true,
    timestamps: true,
    versionKey: false,
    strictQuery: 'throw',
    minimize: false,
  });
  for (const [fields, options] of indexes) schema.index(fields, options ?? {});
  return (mongoose.models[name] as mongoose.Model<T> | undefined) ?? mongoose.model<T>(name, schema);
}

/** Whether a string is a valid ObjectId, so lookups by a bad id answer 404 instead of a cast error. */
export function isObjectId(id: string): boolean {
  return /^[a-f0-9]{24}$/i.test(id);
}

/** Plain id string of a document's _id. */
export function idOf(doc: { _id: unknown }): string {
  return String(doc._id);
}

/**
 * Marks a query operator object written by our code as safe. sanitizeFilter is on globally, so any
 * `$`-operator in a filter must pass through here; operators arriving in user input never do.
 */
export function trusted<T extends object>(operators: T): T {
  return mongoose.trusted(operators) as T;
}
