export * from './problem.js';
export * from './cells.js';
export * from './parse.js';
export * from './questionnaire.js';
