/** The contracts shared by the server and the console: view types, codes, labels and domain events. */
export * from './events.js';
export * from './labels.js';
export * from './views.js';
export * from './evaluation.js';
